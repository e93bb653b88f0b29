using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Data;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadDialer.ProviderGateway.Calls;

/// <summary>
/// Places one call with the agent's provider per call attempt, however often the command is delivered.
/// The attempt is claimed in <c>provider_calls</c> (committed) before the create request goes out,
/// and its answer is recorded together with the CallStarted/CallFailed outbox message, so a crash at
/// any point neither dials twice nor loses the answer. A create whose answer was lost is never sent
/// again: <see cref="CallAttemptResolver"/> looks the call up instead.
/// </summary>
public sealed class PlaceCallConsumer(
    ProviderGatewayDbContext db,
    IEnumerable<IVoiceProvider> providers,
    CallAttemptResolver resolver,
    TimeProvider time,
    ILogger<PlaceCallConsumer> logger) : IConsumer<PlaceCall>
{
    /// <summary>Beyond the HTTP timeout, time for a delivery still in flight to record the provider's answer.</summary>
    static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(5);

    static readonly TimeSpan InFlightPoll = TimeSpan.FromSeconds(1);

    public async Task Consume(ConsumeContext<PlaceCall> context)
    {
        var command = context.Message;
        var agent = await AgentDirectory.Find(db, command.AgentId, context.CancellationToken);
        var call = await Claim(command, agent, context.CancellationToken);
        if (call is null)
        {
            await AnswerAgain(command.CallAttemptId, context.CancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        if (NotCallable(command, agent) is { } refusal)
        {
            logger.LogWarning("Call attempt {CallAttemptId} of lead {LeadId} not sent: {Reason} ({Detail})", command.CallAttemptId, command.LeadId, refusal.Reason, refusal.ProviderMessage);
            db.AddOutboxMessage(call.MarkFailed(refusal, providerStatusCode: null, now), now);
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        // From here on the request may reach the provider, so nothing cancels it: abandoning it would
        // leave an attempt whose outcome is unknown. The pipeline's own timeouts bound it.
        var provider = providers.Single(p => p.Name == agent!.Provider);
        var outcome = await provider.Create(command, agent!, CancellationToken.None);
        now = time.GetUtcNow();
        switch (outcome)
        {
            case CreateOutcome.Placed(var providerCallId):
                logger.LogInformation("{Provider} call {ProviderCallId} placed for lead {LeadId}, attempt {Attempt}", provider.Name, providerCallId, command.LeadId, command.Attempt);
                db.AddOutboxMessage(call.MarkStarted(providerCallId, now), now);
                CallMetrics.CallPlaced(provider.Name);
                break;

            case CreateOutcome.Refused(var error, var status):
                logger.LogWarning(
                    "{Provider} refused the call for lead {LeadId}, attempt {Attempt}: {Status} {Kind} \"{Reason}\" ({ProviderMessage})",
                    provider.Name, command.LeadId, command.Attempt, status, error.Kind, error.Reason, error.ProviderMessage);
                db.AddOutboxMessage(call.MarkFailed(error, status, now), now);
                CallMetrics.CallRefused(provider.Name, error);
                PauseOnAccountError(agent!, error, now);
                break;

            case CreateOutcome.NotSent(var error):
                logger.LogWarning("The call for lead {LeadId}, attempt {Attempt} was not sent to {Provider}: {Reason} ({Detail})", command.LeadId, command.Attempt, provider.Name, error.Reason, error.ProviderMessage);
                db.AddOutboxMessage(call.MarkFailed(error, providerStatusCode: null, now), now);
                CallMetrics.CallRefused(provider.Name, error);
                break;

            case CreateOutcome.Unknown(var error):
                logger.LogWarning(
                    "The create request for lead {LeadId}, attempt {Attempt} may have reached {Provider} but its answer was lost ({Detail}); looking the call up instead of sending it again",
                    command.LeadId, command.Attempt, provider.Name, error.ProviderMessage);
                // Recorded first, so that a crash during the lookups leaves an attempt the sweeper resolves.
                call.MarkUnresolved(error.ProviderMessage ?? error.Reason);
                await Save(command, CancellationToken.None);
                await resolver.Resolve(db, call, giveUp: false, CancellationToken.None);
                break;
        }

        await Save(command, CancellationToken.None);
    }

    async Task Save(PlaceCall command, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another delivery (or the sweeper) gave up waiting on us and recorded the attempt; its answer stands.
            logger.LogError("Call attempt {CallAttemptId} of lead {LeadId} was already recorded by another delivery; this answer is not published", command.CallAttemptId, command.LeadId);
            throw;
        }
    }

    /// <summary>Why the call is not even sent: the agent is unknown (deleted), not set up at Retell, or paused.</summary>
    static LeadError? NotCallable(PlaceCall command, Agent? agent)
    {
        if (agent is null)
        {
            // No provider was asked: the catalogue's LeadDialer variant says what is missing and how to fix it.
            return GuideErrors.AgentOrAssistantNotFound.ToLeadError(source: nameof(ErrorSource.LeadDialer));
        }

        if (agent.IsRetellInline && agent.InlineAgentId is null)
        {
            // Saving creates it at Retell before anything else; an agent without it was never set up.
            return GuideErrors.AgentOrAssistantNotFound.ToLeadError(source: nameof(ErrorSource.LeadDialer));
        }

        if (agent.Paused)
        {
            // The Dialer stops dispatching for a paused agent; a command already on its way is sent back, not dialled.
            return GuideErrors.AgentPausedBy(agent.PausedReason, agent.Provider);
        }

        return null;
    }

    /// <summary>
    /// An account or configuration error would fail every lead of the list the same way: the agent is
    /// paused with the guide's reason (an invalid key pauses every agent of that provider).
    /// </summary>
    void PauseOnAccountError(Agent agent, LeadError error, DateTimeOffset now)
    {
        if (!ProviderErrorClassifier.IsAccountOrConfigurationError(error.Reason))
        {
            return;
        }

        var agents = error.Reason == GuideErrors.ApiKeyInvalidOrMissing.Reason
            ? db.Agents.Where(a => a.Provider == agent.Provider).ToList()
            : [agent];
        AgentPauses.Pause(db, agents, error.Reason, now, logger);
    }

    /// <summary>Inserts the attempt's row; null when it already exists (a redelivery).</summary>
    async Task<ProviderCall?> Claim(PlaceCall command, Agent? agent, CancellationToken cancellationToken)
    {
        if (await db.ProviderCalls.AsNoTracking().AnyAsync(c => c.CallAttemptId == command.CallAttemptId, cancellationToken))
        {
            return null;
        }

        var call = ProviderCall.Claim(command, agent?.Provider ?? ProviderNames.Retell, agent?.Id, time.GetUtcNow());
        db.ProviderCalls.Add(call);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return call;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent delivery of the same command claimed it first.
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>A redelivered command: publish the recorded answer again, never dial again.</summary>
    async Task AnswerAgain(Guid callAttemptId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var call = await db.ProviderCalls.SingleAsync(c => c.CallAttemptId == callAttemptId, cancellationToken);
        var provider = providers.SingleOrDefault(p => p.Name == call.Provider);

        // Another delivery may still be waiting for the provider (the broker redelivered after losing our
        // connection): give it the time its request can take before looking the call up ourselves.
        var deadline = call.CreatedAt + (provider?.Http.TotalTimeout ?? TimeSpan.Zero) + InFlightGrace;
        while (call.Status == ProviderCallStatus.Requested && time.GetUtcNow() < deadline)
        {
            await Task.Delay(InFlightPoll, time, cancellationToken);
            await db.Entry(call).ReloadAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        switch (call.Status)
        {
            case ProviderCallStatus.Started:
                db.AddOutboxMessage(call.ToCallStarted(), now);
                break;
            case ProviderCallStatus.Failed:
                db.AddOutboxMessage(call.ToCallFailed(), now);
                break;
            default:
                // We died between sending the create request and recording the answer, or the answer was
                // lost: the call is looked up by its call attempt id, never sent again.
                logger.LogWarning(
                    "Call attempt {CallAttemptId} of lead {LeadId} was sent to {Provider} but its answer was never recorded; looking it up, not sending it again",
                    call.CallAttemptId, call.LeadId, call.Provider);
                if (call.Status == ProviderCallStatus.Requested)
                {
                    call.MarkUnresolved("ProviderGateway stopped after sending the create request and before recording the answer.");
                }

                await resolver.Resolve(db, call, giveUp: false, cancellationToken);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
