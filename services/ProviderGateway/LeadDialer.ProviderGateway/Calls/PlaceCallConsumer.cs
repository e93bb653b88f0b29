using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Classification;
using LeadDialer.ProviderGateway.Data;
using LeadDialer.ProviderGateway.Retell;
using LeadDialer.ServiceDefaults.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Refit;

namespace LeadDialer.ProviderGateway.Calls;

/// <summary>
/// Places one call with Retell per call attempt, however often the command is delivered.
/// The attempt is claimed in <c>provider_calls</c> (committed) before the create request goes out,
/// and its answer is recorded together with the CallStarted/CallFailed outbox message, so a
/// crash at any point neither dials twice nor loses the answer.
/// </summary>
public sealed class PlaceCallConsumer(
    ProviderGatewayDbContext db,
    IRetellApi retell,
    IOptions<RetellOptions> options,
    TimeProvider time,
    ILogger<PlaceCallConsumer> logger) : IConsumer<PlaceCall>
{
    /// <summary>Beyond the HTTP timeout, time for a delivery still in flight to record Retell's answer.</summary>
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

        if (NotCallable(command, agent) is { } refusal)
        {
            var at = time.GetUtcNow();
            db.AddOutboxMessage(call.MarkFailed(refusal, providerStatusCode: null, at), at);
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        // From here on the request may reach Retell, so nothing cancels it: abandoning it would
        // leave an attempt whose outcome is unknown. The pipeline's own timeouts bound it.
        var (started, failed) = await Create(command, agent!);
        var now = time.GetUtcNow();
        if (started is not null)
        {
            db.AddOutboxMessage(call.MarkStarted(started, now), now);
        }
        else
        {
            db.AddOutboxMessage(call.MarkFailed(failed!.Value.Error, failed.Value.StatusCode, now), now);
            PauseOnAccountError(agent!, failed.Value.Error, now);
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another delivery gave up waiting on us and recorded the attempt as unknown; its answer stands.
            logger.LogError(
                "Call attempt {CallAttemptId} of lead {LeadId} was already recorded as unknown; Retell's answer (call {ProviderCallId}) is not published",
                command.CallAttemptId, command.LeadId, started);
            throw;
        }
    }

    /// <summary>Why the call is not even sent: the agent is unknown (deleted) or paused.</summary>
    static LeadError? NotCallable(PlaceCall command, Agent? agent)
    {
        if (agent is null)
        {
            return new LeadError(
                ErrorKind.Permanent,
                ErrorReasons.AgentOrAssistantNotFound,
                command.AgentId is { } id
                    ? $"There is no agent {id} in LeadDialer (deleted?). Choose an existing agent (GET /api/agents)."
                    : "No agent is configured. Add one with POST /api/agents.");
        }

        if (agent.Paused)
        {
            // The Dialer stops dispatching for a paused agent; a command already on its way is sent back, not dialled.
            return new LeadError(
                ErrorKind.Temporary,
                ErrorReasons.AgentPaused,
                $"Dialing with agent \"{agent.Name}\" is paused: {agent.PausedReason}. Fix it, then POST /api/agents/{agent.Id}/resume.");
        }

        return null;
    }

    /// <summary>
    /// An account or configuration error would fail every lead of the list the same way: the agent is
    /// paused with the guide's reason (an invalid key pauses every agent of that provider).
    /// </summary>
    void PauseOnAccountError(Agent agent, LeadError error, DateTimeOffset now)
    {
        if (!ErrorClassifier.IsAccountOrConfigurationError(error.Reason))
        {
            return;
        }

        var agents = error.Reason == ErrorReasons.ApiKeyInvalidOrMissing
            ? db.Agents.Where(a => a.Provider == agent.Provider).ToList()
            : [agent];
        foreach (var each in agents)
        {
            if (each.Pause(error.Reason, now) is { } paused)
            {
                logger.LogWarning("Paused agent {AgentId} ({Name}): {Reason}", each.Id, each.Name, error.Reason);
                db.AddOutboxMessage(paused, now);
                db.AddOutboxMessage(each.ToAgentSaved(now), now);
            }
        }
    }

    /// <summary>Inserts the attempt's row; null when it already exists (a redelivery).</summary>
    async Task<ProviderCall?> Claim(PlaceCall command, Agent? agent, CancellationToken cancellationToken)
    {
        if (await db.ProviderCalls.AsNoTracking().AnyAsync(c => c.CallAttemptId == command.CallAttemptId, cancellationToken))
        {
            return null;
        }

        var call = ProviderCall.Claim(command, agent?.Provider ?? RetellOptions.ProviderName, agent?.Id, time.GetUtcNow());
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

    async Task<(string? Started, (LeadError Error, int? StatusCode)? Failed)> Create(PlaceCall command, Agent agent)
    {
        if (agent.Provider != ProviderNames.Retell)
        {
            return (null, (new LeadError(ErrorKind.Temporary, ErrorReasons.UnknownError, "Vapi calls are not wired yet."), null));
        }

        var request = RetellCallRequestBuilder.Build(command, agent);
        try
        {
            var response = await retell.CreatePhoneCall(request, CancellationToken.None);
            if (response.IsSuccessStatusCode)
            {
                // 2xx means Retell placed the call, even if its body could not be read.
                var callId = response.Content?.CallId ?? string.Empty;
                logger.LogInformation("Retell call {ProviderCallId} placed for lead {LeadId}, attempt {Attempt}", callId, command.LeadId, command.Attempt);
                return (callId, null);
            }

            if (response.StatusCode is not { } statusCode)
            {
                // No answer at all (Refit captures the transport error instead of throwing it).
                throw (Exception?)response.Error ?? new HttpRequestException("Retell did not answer.");
            }

            var status = (int)statusCode;
            var error = ErrorClassifier.Classify(status, (response.Error as ApiException)?.Content);
            logger.LogWarning(
                "Retell refused the call for lead {LeadId}, attempt {Attempt}: {Status} {Kind} \"{Reason}\" ({ProviderMessage})",
                command.LeadId, command.Attempt, status, error.Kind, error.Reason, error.ProviderMessage);
            return (null, (error, status));
        }
        catch (Exception ex)
        {
            var error = ErrorClassifier.Classify(ex);
            logger.LogWarning(ex, "Retell could not be reached for lead {LeadId}, attempt {Attempt}: {Reason}", command.LeadId, command.Attempt, error.Reason);
            return (null, (error, null));
        }
    }

    /// <summary>A redelivered command: publish the recorded answer again, never dial again.</summary>
    async Task AnswerAgain(Guid callAttemptId, CancellationToken cancellationToken)
    {
        var call = await db.ProviderCalls.SingleAsync(c => c.CallAttemptId == callAttemptId, cancellationToken);

        // Another delivery may still be waiting for Retell (the broker redelivered after losing our
        // connection): give it the time its request can take before calling the outcome unknown.
        var deadline = call.CreatedAt + options.Value.TotalTimeout + InFlightGrace;
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
                // We died between sending the create request and recording Retell's answer. Sending it
                // again could dial the lead twice, and Retell cannot be asked about a call whose id we
                // never got, so the attempt is reported as an unknown, temporary failure.
                logger.LogWarning(
                    "Call attempt {CallAttemptId} of lead {LeadId} was sent to Retell but its answer was never recorded; reporting it as unknown, not sending it again",
                    call.CallAttemptId, call.LeadId);
                db.AddOutboxMessage(call.MarkFailed(UnknownCreateOutcome, providerStatusCode: null, now), now);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    internal static readonly LeadError UnknownCreateOutcome = new(
        ErrorKind.Temporary,
        ErrorReasons.UnknownError,
        "The outcome of the create-phone-call request is unknown: ProviderGateway stopped after sending it and before recording Retell's answer. " +
        "The call may have been placed; the request was not sent again.");
}
