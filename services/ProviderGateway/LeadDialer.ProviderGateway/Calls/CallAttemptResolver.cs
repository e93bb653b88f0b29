using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Data;
using LeadDialer.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;

namespace LeadDialer.ProviderGateway.Calls;

/// <summary>
/// Resolves a call attempt whose create request may have reached the provider but whose answer was
/// lost (a timeout, a dropped connection, a crash). Create-call is not idempotent, so it is never
/// sent again: the provider is asked for the call carrying the attempt's id instead. Found → the call
/// started; not found after every lookup → it was not placed (a temporary failure the Dialer retries);
/// the provider cannot be asked → the attempt stays unresolved for <see cref="UnresolvedCallSweeper"/>.
/// </summary>
public sealed class CallAttemptResolver(IEnumerable<IVoiceProvider> providers, TimeProvider time, ILogger<CallAttemptResolver> logger)
{
    /// <summary>Looks the call up and records what was found; the caller saves (state and event together).</summary>
    /// <returns>True when the attempt is resolved (an outbox message was added).</returns>
    public async Task<bool> Resolve(ProviderGatewayDbContext db, ProviderCall call, bool giveUp, CancellationToken cancellationToken)
    {
        var provider = providers.Single(p => p.Name == call.Provider);
        var agent = call.AgentId is { } agentId ? await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken) : null;
        var attempts = 0;
        var pipeline = new ResiliencePipelineBuilder<LookupOutcome> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<LookupOutcome>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is not LookupOutcome.Found && args.Outcome.Exception is null),
                MaxRetryAttempts = Math.Max(0, provider.Http.LookupAttempts - 1),
                Delay = provider.Http.LookupDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            })
            .Build();

        var found = await pipeline.ExecuteAsync(
            async token =>
            {
                attempts++;
                return await provider.Find(call, agent, token);
            },
            cancellationToken);

        var now = time.GetUtcNow();
        switch (found)
        {
            case LookupOutcome.Found(var providerCallId):
                logger.LogWarning(
                    "Call attempt {CallAttemptId} of lead {LeadId}: the create answer was lost, but {Provider} has call {ProviderCallId} for it; it started (not sent again)",
                    call.CallAttemptId, call.LeadId, call.Provider, providerCallId);
                call.NoteResolution($"Found by lookup ({attempts} lookup(s)) after the create answer was lost: {call.Resolution}");
                db.AddOutboxMessage(call.MarkStarted(providerCallId, now), now);
                return true;

            case LookupOutcome.NotFound:
                logger.LogWarning(
                    "Call attempt {CallAttemptId} of lead {LeadId}: the create answer was lost and {Provider} has no call for it after {Attempts} lookups; it was not placed",
                    call.CallAttemptId, call.LeadId, call.Provider, attempts);
                var why = call.Resolution;
                call.NoteResolution($"Not found by {attempts} lookup(s): not placed.");
                db.AddOutboxMessage(call.MarkFailed(NotPlaced(call.Provider, why, attempts), providerStatusCode: null, now), now);
                return true;

            case LookupOutcome.Failed(var reason) when giveUp:
                logger.LogError(
                    "Call attempt {CallAttemptId} of lead {LeadId}: {Provider} could not be asked about it ({Reason}); giving up, reporting the outcome as unknown",
                    call.CallAttemptId, call.LeadId, call.Provider, reason);
                db.AddOutboxMessage(call.MarkFailed(UnknownCreateOutcome(call.Provider, reason), providerStatusCode: null, now), now);
                return true;

            case LookupOutcome.Failed(var reason):
                logger.LogWarning(
                    "Call attempt {CallAttemptId} of lead {LeadId} stays unresolved: {Provider} could not be asked about it ({Reason})",
                    call.CallAttemptId, call.LeadId, call.Provider, reason);
                if (call.Status == ProviderCallStatus.Requested)
                {
                    call.MarkUnresolved($"Lookup failed: {reason}");
                }

                return false;

            default:
                throw new InvalidOperationException($"Unexpected lookup outcome {found}.");
        }
    }

    static LeadError NotPlaced(string provider, string? why, int lookups) => GuideErrors.NetworkOrConnectionError.ToLeadError(
        $"{provider} did not answer the create request ({why}); it was looked up {lookups} time(s) by its call attempt id and was not placed.",
        provider);

    internal static LeadError UnknownCreateOutcome(string provider, string why) => GuideErrors.UnknownError.ToLeadError(
        $"The outcome of the create-call request is unknown: its answer was lost and {provider} could not be asked ({why}). The call may have been placed; the request was not sent again.",
        provider);
}
