using LeadDialer.Contracts;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.Dialer.Settings;
using LeadDialer.Messaging.Outbox;
using LeadDialer.ServiceDefaults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Dialer.Dispatch;

/// <summary>
/// Picks the pending leads to call: oldest ready first among those inside their calling hours (in
/// their own time zone), only while auto-calling is on, an agent may call, and fewer than the
/// maximum concurrent calls are in flight.
/// <para>
/// A dispatch cycle runs under a transaction-scoped advisory lock, so cycles of several Dialer
/// instances never interleave. It counts the calls in flight (in-progress leads plus leads
/// claimed but not yet dialled), claims at most the free slots by stamping
/// <c>dial_requested_at</c>, and writes a <see cref="DialLead"/> per claim to the outbox in the
/// same transaction. The saga turns a claim into in-progress, so a slot is counted from the
/// moment it is claimed until the call ends: the cap cannot be overshot.
/// </para>
/// </summary>
public sealed class Dispatcher(
    NpgsqlDataSource dataSource,
    CallingConfiguration configuration,
    DispatchSignal signal,
    OutboxSignal outboxSignal,
    DispatchLatency latency,
    TimeProvider clock,
    IOptions<DialerOptions> options,
    ILogger<Dispatcher> logger) : BackgroundService
{
    // Arbitrary constant naming "the dispatch cycle" among the database's advisory locks.
    const long DispatchLockKey = 0x4C44_4449_5350; // "LDDISP"

    DateTimeOffset _lastSkipAudit = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await DispatchOnce(stoppingToken);
                if (claimed > 0)
                {
                    logger.LogInformation("Dispatched {Count} lead(s)", claimed);
                }

                await signal.WaitAsync(options.Value.DispatchInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Dispatch cycle failed; trying again in {Interval}", options.Value.DispatchInterval);
                await Task.Delay(options.Value.DispatchInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <returns>How many leads were claimed.</returns>
    public async Task<int> DispatchOnce(CancellationToken cancellationToken)
    {
        var settings = await configuration.Current(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!settings.AutoCallingEnabled || settings.Agent.Blocks is not null)
        {
            latency.Claimed(0, slotsLeftFree: true);
            DialerMetrics.Cycle(0, 0, 0);
            return 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", DispatchLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();

        // Release claims nobody acted on; the saga ignores their late DialLead (the claim no longer matches).
        var expired = await LeadSagaQueries.ReleaseUnusedClaims(connection, transaction, now - options.Value.ClaimTimeout, cancellationToken);
        if (expired > 0)
        {
            logger.LogWarning("Released {Count} calling slot(s) claimed more than {Timeout} ago and never used", expired, options.Value.ClaimTimeout);
        }

        var compliance = settings.Compliance ?? ComplianceRules.Default;
        var blocked = await LeadSagaQueries.ClaimDoNotCall(connection, transaction, now, settings.Schedule.DefaultTimeZone, cancellationToken);

        var (inFlight, waiting) = await LeadSagaQueries.CountInFlightAndWaiting(connection, transaction, now, cancellationToken);
        var free = settings.MaxConcurrentCalls - (int)inFlight;
        DialerMetrics.Cycle(inFlight, settings.MaxConcurrentCalls, waiting);
        var claimed = free > 0
            ? await LeadSagaQueries.ClaimEligible(connection, transaction, now, free, settings, compliance, cancellationToken)
            : [];

        if (now - _lastSkipAudit >= options.Value.SkipAuditInterval)
        {
            await LeadSagaQueries.AuditSkips(connection, transaction, now, settings, compliance, cancellationToken);
            _lastSkipAudit = now;
        }

        foreach (var (leadId, claimedAt) in blocked)
        {
            await OutboxWriter.AddAsync(connection, transaction, new DialLead(leadId, settings.MaxAttempts, settings.RetryDelay, claimedAt, settings.Agent.AgentId, ComplianceErrors.OnDoNotCallList), now, cancellationToken);
        }

        foreach (var (leadId, claimedAt, readyAt, traceParent) in claimed)
        {
            // Continues the lead's trace (from POST /api/leads), linked to this cycle, so the DialLead row carries it on.
            using var activity = Telemetry.StartContinuation("dispatch lead", traceParent);
            activity?.SetTag("leaddialer.lead_id", leadId.ToString());
            await OutboxWriter.AddAsync(connection, transaction, new DialLead(leadId, settings.MaxAttempts, settings.RetryDelay, claimedAt, settings.Agent.AgentId), now, cancellationToken);
            DialerMetrics.Dispatched(now - readyAt);
        }

        await transaction.CommitAsync(cancellationToken);
        latency.Claimed(claimed.Count, slotsLeftFree: claimed.Count < free);
        if (claimed.Count > 0 || blocked.Count > 0)
        {
            outboxSignal.Notify();
        }

        return claimed.Count;
    }
}
