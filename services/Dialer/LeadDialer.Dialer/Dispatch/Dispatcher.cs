using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
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
        await ResolveTimeZones(connection, cancellationToken);
        if (!settings.AutoCallingEnabled || settings.Agent.Blocks is not null)
        {
            latency.Claimed(0, slotsLeftFree: true);
            DialerMetrics.Cycle(0, 0, 0);
            return 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = DispatchLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();

        // Release claims nobody acted on; the saga ignores their late DialLead (the claim no longer matches).
        await using (var expire = new NpgsqlCommand(
            "UPDATE lead_sagas SET dial_requested_at = NULL WHERE current_state = 'Pending' AND dial_requested_at < $1", connection, transaction))
        {
            expire.Parameters.Add(new() { Value = now - options.Value.ClaimTimeout });
            var expired = await expire.ExecuteNonQueryAsync(cancellationToken);
            if (expired > 0)
            {
                logger.LogWarning("Released {Count} calling slot(s) claimed more than {Timeout} ago and never used", expired, options.Value.ClaimTimeout);
            }
        }

        var compliance = settings.Compliance ?? ComplianceRules.Default;
        var blocked = await BlockListedNumbers(connection, transaction, now, settings, cancellationToken);

        long inFlight, waiting;
        await using (var count = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE current_state = 'InProgress' OR (dial_requested_at IS NOT NULL AND last_decision IS DISTINCT FROM 'on-do-not-call-list')),
                   count(*) FILTER (WHERE current_state = 'Pending' AND dial_requested_at IS NULL AND ready_at <= $1)
            FROM lead_sagas
            """,
            connection,
            transaction))
        {
            count.Parameters.Add(new() { Value = now });
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (inFlight, waiting) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        var free = settings.MaxConcurrentCalls - (int)inFlight;
        DialerMetrics.Cycle(inFlight, settings.MaxConcurrentCalls, waiting);
        var claimed = new List<(Guid LeadId, DateTimeOffset ClaimedAt, DateTimeOffset ReadyAt, string? TraceParent)>(Math.Max(free, 0));
        if (free > 0)
        {
            // Compliance is checked here, in the statement that claims the slot, under the cycle's
            // lock: two Dialer instances cannot both pass a per-number cap (ADR 0002, 0006).
            var schedule = settings.DialingSchedule;
            var eligible = ComplianceSql.Eligible;
            // With a cap, one lead per number per cycle: the claim logs its call below, so the
            // next cycle counts it.
            var oncePerNumber = compliance.CapsOn
                ? $"AND correlation_id IN (SELECT DISTINCT ON (phone) correlation_id FROM lead_sagas WHERE {eligible} ORDER BY phone, ready_at)"
                : string.Empty;
            await using var claim = new NpgsqlCommand(
                $$"""
                WITH claimed AS (
                    UPDATE lead_sagas SET dial_requested_at = $1, last_decision = 'dialed'
                    WHERE correlation_id IN (
                        SELECT correlation_id FROM lead_sagas
                        WHERE {{eligible}} {{oncePerNumber}}
                        ORDER BY ready_at
                        LIMIT $2
                        FOR UPDATE SKIP LOCKED)
                    RETURNING correlation_id, dial_requested_at, ready_at, trace_parent, phone, time_zone),
                logged AS (
                    INSERT INTO number_calls (phone, lead_id, called_at)
                    SELECT phone, correlation_id, $1 FROM claimed WHERE phone IS NOT NULL),
                audited AS (
                    INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time)
                    SELECT correlation_id, $1, 'dialed', NULL, 'Calling slot claimed; call requested', {{ComplianceSql.LocalTime("$1", "$3")}} FROM claimed)
                SELECT correlation_id, dial_requested_at, ready_at, trace_parent FROM claimed
                """,
                connection,
                transaction);
            ComplianceSql.Bind(claim, now, free, settings, schedule, compliance);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // The stored value (microseconds), not `now`: the saga compares the two.
                claimed.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        if (now - _lastSkipAudit >= options.Value.SkipAuditInterval)
        {
            await ComplianceSql.AuditSkips(connection, transaction, now, settings, compliance, cancellationToken);
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

    /// <summary>
    /// Claims the ready leads whose number is on the do-not-call list, whatever the hour or free
    /// slots, so the saga fails them ("On do-not-call list"); the claim is not counted as a call in flight.
    /// </summary>
    static async Task<List<(Guid LeadId, DateTimeOffset ClaimedAt)>> BlockListedNumbers(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, EffectiveCallingSettings settings, CancellationToken cancellationToken)
    {
        var blocked = new List<(Guid, DateTimeOffset)>();
        await using var command = new NpgsqlCommand(
            $$"""
            WITH blocked AS (
                UPDATE lead_sagas SET dial_requested_at = $1, last_decision = 'on-do-not-call-list'
                WHERE correlation_id IN (
                    SELECT correlation_id FROM lead_sagas
                    WHERE current_state = 'Pending' AND dial_requested_at IS NULL AND ready_at <= $1 AND time_zone IS NOT NULL
                      AND EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.phone = lead_sagas.phone)
                    LIMIT 1000
                    FOR UPDATE SKIP LOCKED)
                RETURNING correlation_id, dial_requested_at, time_zone),
            audited AS (
                INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time)
                SELECT correlation_id, $1, 'skipped', 'on-do-not-call-list', 'On do-not-call list', {{ComplianceSql.LocalTime("$1", "$2")}} FROM blocked)
            SELECT correlation_id, dial_requested_at FROM blocked
            """,
            connection,
            transaction);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = settings.Schedule.DefaultTimeZone });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            blocked.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return blocked;
    }

    /// <summary>
    /// Gives rows written without a calling zone (a bulk insert of imported leads writes only the
    /// saga's basic columns) their zone, before they can be claimed. Skips rows a saga holds.
    /// </summary>
    async Task ResolveTimeZones(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var unresolved = new List<(Guid LeadId, string Zone)>();
        await using (var select = new NpgsqlCommand(
            "SELECT correlation_id, lead FROM lead_sagas WHERE time_zone IS NULL LIMIT 1000", connection))
        {
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var lead = JsonSerializer.Deserialize<LeadDetails>(reader.GetString(1), LeadDialerJson.Options)!;
                unresolved.Add((reader.GetGuid(0), LeadTimeZone.Of(lead)));
            }
        }

        if (unresolved.Count == 0)
        {
            return;
        }

        // time_zone IS NULL again: a saga that wrote the row meanwhile resolved it from newer details.
        await using var update = new NpgsqlCommand(
            """
            UPDATE lead_sagas s SET time_zone = u.zone
            FROM unnest($1::uuid[], $2::text[]) AS u(id, zone)
            WHERE s.correlation_id = u.id AND s.time_zone IS NULL
            """,
            connection);
        update.Parameters.Add(new() { Value = unresolved.Select(u => u.LeadId).ToArray() });
        update.Parameters.Add(new() { Value = unresolved.Select(u => u.Zone).ToArray() });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
