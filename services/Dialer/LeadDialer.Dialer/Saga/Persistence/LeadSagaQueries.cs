using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Contracts.Dialing;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;
using LeadDialer.ServiceDefaults;
using Npgsql;
using NpgsqlTypes;

namespace LeadDialer.Dialer.Saga.Persistence;

/// <summary>
/// Every query on <c>lead_sagas</c>, in one place: the saga's own row (the repository's load, insert
/// and update, with the audit of a status change), the bulk hand-over of an import, the dispatcher's
/// claims with the compliance rules and calling hours, the retry sweep and stale-call cleanup, and
/// what the dialing-state API counts. State names come from <see cref="LeadStates"/>; parameters are
/// named (<c>@now</c>), each bound where its query is.
/// </summary>
/// <remarks>
/// The saga's hot path avoids EF's change tracking: one SELECT … FOR UPDATE and one write per message.
/// EF's migrations own the table (<see cref="Data.DialerDbContext"/>).
/// </remarks>
static class LeadSagaQueries
{
    // ---- States and the shared definitions ----

    const string IsPending = $"current_state = '{LeadStates.Pending}'";

    /// <summary>
    /// A call in flight, counted against max concurrent calls: a call placed and not ended (in
    /// progress, or its lead deleted mid-call, which keeps the claim), or a slot claimed for a call
    /// about to be placed. A do-not-call claim is no call: the saga fails that lead at once.
    /// The one definition the dispatcher's cap, "why not called" and <c>/waiting</c> use.
    /// </summary>
    const string InFlight =
        $"(current_state = '{LeadStates.InProgress}' OR (dial_requested_at IS NOT NULL AND last_decision IS DISTINCT FROM '{WaitingReasons.OnDoNotCallList}'))";

    /// <summary>A pending lead whose wait is over and that no claim holds: what the dispatcher may call. Parameter: @now.</summary>
    const string ReadyUnclaimed = $"{IsPending} AND dial_requested_at IS NULL AND ready_at <= @now";

    /// <summary>The lead's own zone, else the account's default (NULL <c>time_zone</c>). Parameter: @default_zone.</summary>
    const string Zone = "COALESCE(time_zone, @default_zone)";

    /// <summary>The lead's wall-clock time now, DST included.</summary>
    const string LocalNow = $"(@now AT TIME ZONE {Zone})";

    /// <summary>The account's default zone, for writes that have no calling settings at hand.</summary>
    const string AccountZone = "COALESCE((SELECT default_time_zone FROM calling_settings WHERE id = 1), 'UTC')";

    /// <summary>"2026-11-27 21:30 (America/New_York)": the lead's clock at @now, for the audit.</summary>
    static string LocalTimeIn(string zone) => $"to_char(@now AT TIME ZONE {zone}, 'YYYY-MM-DD HH24:MI') || ' (' || {zone} || ')'";

    static readonly string LocalTime = LocalTimeIn(Zone);

    // ---- The saga's row ----

    static readonly string[] Columns =
    [
        "correlation_id", "current_state", "version", "lead", "attempts", "max_attempts", "retry_delay", "ready_at", "dial_requested_at",
        "call_attempt_id", "provider_call_id", "in_progress_since", "retry_at", "temporary_failures", "last_outcome", "last_error", "updated_at",
        "time_zone", "completed_reason", "trace_parent",
    ];

    static readonly string ColumnList = string.Join(", ", Columns);

    public static readonly string SelectForUpdate = $"SELECT {ColumnList} FROM lead_sagas WHERE correlation_id = @correlation_id FOR UPDATE";

    /// <summary>A read for display: no lock, never waits on a saga mid-message.</summary>
    public static readonly string Select = $"SELECT {ColumnList} FROM lead_sagas WHERE correlation_id = @correlation_id";

    // ON CONFLICT: two first messages for one lead race past the (row-less) lock; the loser
    // inserts nothing and is retried, then finds the row.
    public static readonly string Insert =
        $"INSERT INTO lead_sagas ({ColumnList}) VALUES ({string.Join(", ", Columns.Select(c => $"@{c}"))}) ON CONFLICT (correlation_id) DO NOTHING";

    public static readonly string Update =
        $"UPDATE lead_sagas SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = @{c}"))}, " +
        // A new state starts a new story for the dispatch audit (SET reads the row's old values).
        "last_decision = CASE WHEN current_state = @current_state THEN last_decision END WHERE correlation_id = @correlation_id";

    /// <summary>The audit row for a status change, in the saga's transaction: @lead_id, @now, @status, @detail, @time_zone.</summary>
    public static readonly string AuditStatusChange =
        "INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time) " +
        $"VALUES (@lead_id, @now, @status, NULL, @detail, {LocalTimeIn($"COALESCE(@time_zone, {AccountZone})")})";

    public static LeadState Read(NpgsqlDataReader r) => new()
    {
        CorrelationId = r.GetGuid(0),
        CurrentState = r.GetString(1),
        Version = r.GetInt32(2),
        Lead = JsonSerializer.Deserialize<LeadDetails>(r.GetString(3), LeadDialerJson.Options)!,
        Attempts = r.GetInt32(4),
        MaxAttempts = r.GetInt32(5),
        RetryDelay = r.GetFieldValue<TimeSpan>(6),
        ReadyAt = r.GetFieldValue<DateTimeOffset>(7),
        DialRequestedAt = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
        CallAttemptId = r.IsDBNull(9) ? null : r.GetGuid(9),
        ProviderCallId = r.IsDBNull(10) ? null : r.GetString(10),
        InProgressSince = r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        RetryAt = r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        TemporaryFailures = r.GetInt32(13),
        LastOutcome = r.IsDBNull(14) ? null : Enum.Parse<CallOutcome>(r.GetString(14)),
        LastError = r.IsDBNull(15) ? null : JsonSerializer.Deserialize<LeadError>(r.GetString(15), LeadDialerJson.Options),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(16),
        TimeZone = r.IsDBNull(17) ? null : r.GetString(17),
        CompletedReason = r.IsDBNull(18) ? null : r.GetString(18),
        TraceParent = r.IsDBNull(19) ? null : r.GetString(19),
    };

    /// <summary>Reads a row and remembers which lead details its zone belongs to, so an edited lead is resolved again.</summary>
    public static LeadState ReadTracked(NpgsqlDataReader r)
    {
        var saga = Read(r);
        saga.TimeZoneResolvedFor = saga.Lead;
        return saga;
    }

    public static void Bind(NpgsqlCommand command, LeadState s)
    {
        // Whoever changed the lead (LeadReady, a lead update), its calling zone follows it here.
        if (!ReferenceEquals(s.TimeZoneResolvedFor, s.Lead))
        {
            s.TimeZone = LeadTimeZone.Of(s.Lead);
            s.TimeZoneResolvedFor = s.Lead;
        }

        var p = command.Parameters;
        p.Add(Parameter("correlation_id", NpgsqlDbType.Uuid, s.CorrelationId));
        p.Add(Parameter("current_state", NpgsqlDbType.Text, s.CurrentState));
        p.Add(Parameter("version", NpgsqlDbType.Integer, s.Version));
        p.Add(Parameter("lead", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(s.Lead, LeadDialerJson.Options)));
        p.Add(Parameter("attempts", NpgsqlDbType.Integer, s.Attempts));
        p.Add(Parameter("max_attempts", NpgsqlDbType.Integer, s.MaxAttempts));
        p.Add(Parameter("retry_delay", NpgsqlDbType.Interval, s.RetryDelay));
        p.Add(Parameter("ready_at", NpgsqlDbType.TimestampTz, s.ReadyAt));
        p.Add(Parameter("dial_requested_at", NpgsqlDbType.TimestampTz, s.DialRequestedAt));
        p.Add(Parameter("call_attempt_id", NpgsqlDbType.Uuid, s.CallAttemptId));
        p.Add(Parameter("provider_call_id", NpgsqlDbType.Text, s.ProviderCallId));
        p.Add(Parameter("in_progress_since", NpgsqlDbType.TimestampTz, s.InProgressSince));
        p.Add(Parameter("retry_at", NpgsqlDbType.TimestampTz, s.RetryAt));
        p.Add(Parameter("temporary_failures", NpgsqlDbType.Integer, s.TemporaryFailures));
        p.Add(Parameter("last_outcome", NpgsqlDbType.Text, s.LastOutcome?.ToString()));
        p.Add(Parameter("last_error", NpgsqlDbType.Jsonb, s.LastError is null ? null : JsonSerializer.Serialize(s.LastError, LeadDialerJson.Options)));
        p.Add(Parameter("updated_at", NpgsqlDbType.TimestampTz, s.UpdatedAt));
        p.Add(Parameter("time_zone", NpgsqlDbType.Text, s.TimeZone));
        p.Add(Parameter("completed_reason", NpgsqlDbType.Text, s.CompletedReason));
        p.Add(Parameter("trace_parent", NpgsqlDbType.Text, s.TraceParent));
    }

    public static void BindAudit(NpgsqlCommand command, LeadState saga, DateTimeOffset now, string status, string? detail)
    {
        var p = command.Parameters;
        p.Add(Parameter("lead_id", NpgsqlDbType.Uuid, saga.CorrelationId));
        p.Add(Parameter("now", NpgsqlDbType.TimestampTz, now));
        p.Add(Parameter("status", NpgsqlDbType.Text, status));
        p.Add(Parameter("detail", NpgsqlDbType.Text, detail));
        p.Add(Parameter("time_zone", NpgsqlDbType.Text, saga.TimeZone));
    }

    /// <summary>A lead's row for display (no lock), or null when the Dialer never heard of it.</summary>
    public static async Task<LeadState?> Find(NpgsqlConnection connection, Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select, connection);
        command.Parameters.Add(Parameter("correlation_id", NpgsqlDbType.Uuid, leadId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    // ---- The bulk hand-over of an import (ADR 0003) ----

    // Unlike a single LeadReady, no LeadStatusChanged(pending, v1) is announced per lead: the
    // importer stored every lead as pending already, and a million status events would only
    // repeat that. The next change (v2) is announced as usual.
    static readonly string InsertBatchSql =
        $"""
        WITH created AS (
            INSERT INTO lead_sagas (correlation_id, current_state, version, lead, attempts, max_attempts, retry_delay, ready_at, temporary_failures, updated_at, time_zone)
            SELECT t.id, '{LeadStates.Pending}', 1, t.lead, 0, 0, interval '0', t.ready_at, 0, @now, t.zone
            FROM unnest(@ids, @leads, @ready_at, @zones) AS t(id, lead, ready_at, zone)
            ON CONFLICT (correlation_id) DO NOTHING
            RETURNING correlation_id, time_zone)
        -- The start of each lead's dispatch audit, as a single LeadReady's.
        INSERT INTO dispatch_audit (lead_id, at, decision, detail, lead_local_time)
        SELECT correlation_id, @now, '{LeadStatus.Pending}', 'Lead ready to call (imported)', {LocalTimeIn($"COALESCE(time_zone, {AccountZone})")}
        FROM created
        """;

    /// <summary>
    /// Creates the pending saga of every lead of an imported batch in one statement: the row
    /// <c>Initially(LeadReady)</c> creates (version 1, ready at <paramref name="readyAt"/>, its zone
    /// resolved like every saga write). Leads the Dialer already knows are left as they are.
    /// </summary>
    /// <returns>How many sagas were created.</returns>
    public static async Task<int> InsertBatch(
        NpgsqlDataSource dataSource, IReadOnlyList<LeadReady> leads, IReadOnlyList<DateTimeOffset> readyAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertBatchSql);
        var p = command.Parameters;
        p.Add(Parameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, leads.Select(l => l.LeadId).ToArray()));
        p.Add(Parameter("leads", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, leads.Select(l => JsonSerializer.Serialize(l.Lead, LeadDialerJson.Options)).ToArray()));
        p.Add(Parameter("ready_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, readyAt.ToArray()));
        p.Add(Parameter("zones", NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => LeadTimeZone.Of(l.Lead)).ToArray()));
        p.Add(Parameter("now", NpgsqlDbType.TimestampTz, now));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- The dispatcher ----

    /// <summary>Releases claims nobody acted on (older than @expired_before); the saga ignores their late DialLead.</summary>
    public static async Task<int> ReleaseUnusedClaims(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset claimedBefore, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE lead_sagas SET dial_requested_at = NULL WHERE {IsPending} AND dial_requested_at < @claimed_before", connection, transaction);
        command.Parameters.Add(Parameter("claimed_before", NpgsqlDbType.TimestampTz, claimedBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The calls in flight (<see cref="InFlight"/>) and the ready, unclaimed leads waiting for a slot.</summary>
    public static async Task<(long InFlight, long Waiting)> CountInFlightAndWaiting(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FILTER (WHERE {InFlight}), count(*) FILTER (WHERE {ReadyUnclaimed}) FROM lead_sagas", connection, transaction);
        command.Parameters.Add(Parameter("now", NpgsqlDbType.TimestampTz, now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The calls in flight now (<see cref="InFlight"/>).</summary>
    public static async Task<long> CountInFlight(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM lead_sagas WHERE {InFlight}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Whether the lead's number already had its allowed calls (@cap_24h rolling, @cap_local_day since local midnight; NULL: no cap).</summary>
    const string OverCap =
        "((@cap_24h::int IS NOT NULL AND (SELECT count(*) FROM number_calls c WHERE c.phone = lead_sagas.phone AND c.called_at > @now - interval '24 hours') >= @cap_24h::int) " +
        "OR (@cap_local_day::int IS NOT NULL AND (SELECT count(*) FROM number_calls c WHERE c.phone = lead_sagas.phone " +
        $"AND c.called_at >= (date_trunc('day', {LocalNow}) AT TIME ZONE {Zone})) >= @cap_local_day::int))";

    /// <summary>
    /// <see cref="CallingSchedule.IsOpen"/> in SQL: the lead's local weekday is one of @days (ISO:
    /// Monday 1 … Sunday 7) and its local minute of day is in [start, end). PostgreSQL knows the
    /// IANA zones, DST included.
    /// </summary>
    static string WindowOpen(string start, string end) =>
        $"(extract(isodow FROM {LocalNow})::int = ANY(@days) " +
        $"AND (extract(hour FROM {LocalNow})::int * 60 + extract(minute FROM {LocalNow})::int) >= {start} " +
        $"AND (extract(hour FROM {LocalNow})::int * 60 + extract(minute FROM {LocalNow})::int) < {end})";

    /// <summary>The dialing window: the calling schedule within the hard 08:00–21:00 limit.</summary>
    static readonly string InDialingWindow = WindowOpen("@dialing_start", "@dialing_end");

    /// <summary>The calling schedule's own window (to tell "outside calling hours" from "outside permitted hours").</summary>
    static readonly string InCallingHours = WindowOpen("@calling_start", "@calling_end");

    const string IsHoliday = $"({LocalNow}::date = ANY(@holidays))";

    const string LacksConsent = "(@require_consent AND (lead->>'consentCapturedAt') IS NULL)";

    const string OnDoNotCallList = "EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.phone = lead_sagas.phone)";

    /// <summary>A lead the claim may dial: ready, unclaimed, inside its dialing window, and no compliance rule against it.</summary>
    static readonly string Eligible =
        $"{ReadyUnclaimed} AND {InDialingWindow} AND NOT {IsHoliday} AND NOT {LacksConsent} AND NOT {OnDoNotCallList} AND NOT {OverCap}";

    /// <summary>
    /// The first rule that holds a ready lead back, in the order "why not called" checks them, or
    /// NULL (only a free slot is missing).
    /// </summary>
    static readonly string SkipRule =
        $"""
        CASE
            WHEN {LacksConsent} THEN '{WaitingReasons.ConsentRequired}'
            WHEN {IsHoliday} THEN '{WaitingReasons.Holiday}'
            WHEN NOT {InCallingHours} THEN '{WaitingReasons.OutsideCallingHours}'
            WHEN NOT {InDialingWindow} THEN '{WaitingReasons.OutsidePermittedHours}'
            WHEN {OverCap} THEN '{WaitingReasons.NumberCallLimit}'
        END
        """;

    /// <summary>The parameters of the rules: @now, @default_zone, the windows, @days, @holidays, consent and caps.</summary>
    static void BindRules(NpgsqlCommand command, DateTimeOffset now, EffectiveCallingSettings settings, ComplianceRules compliance)
    {
        var dialing = settings.DialingSchedule;
        var p = command.Parameters;
        p.Add(Parameter("now", NpgsqlDbType.TimestampTz, now));
        p.Add(Parameter("default_zone", NpgsqlDbType.Text, settings.Schedule.DefaultTimeZone));
        p.Add(Parameter("days", NpgsqlDbType.Array | NpgsqlDbType.Integer, dialing.Days.Select(CallingSchedule.IsoDay).ToArray()));
        p.Add(Parameter("dialing_start", NpgsqlDbType.Integer, dialing.StartMinute));
        p.Add(Parameter("dialing_end", NpgsqlDbType.Integer, dialing.EndMinute));
        p.Add(Parameter("calling_start", NpgsqlDbType.Integer, settings.Schedule.StartMinute));
        p.Add(Parameter("calling_end", NpgsqlDbType.Integer, settings.Schedule.EndMinute));
        p.Add(Parameter("holidays", NpgsqlDbType.Array | NpgsqlDbType.Date, compliance.Holidays.ToArray()));
        p.Add(Parameter("require_consent", NpgsqlDbType.Boolean, compliance.RequireConsent));
        p.Add(Parameter("cap_24h", NpgsqlDbType.Integer, compliance.MaxCallsPer24Hours));
        p.Add(Parameter("cap_local_day", NpgsqlDbType.Integer, compliance.MaxCallsPerLocalDay));
    }

    public sealed record Claim(Guid LeadId, DateTimeOffset ClaimedAt, DateTimeOffset ReadyAt, string? TraceParent);

    /// <summary>
    /// Claims up to <paramref name="limit"/> eligible leads, oldest ready first, by stamping
    /// <c>dial_requested_at</c>; logs each call against its number (the per-number caps) and audits
    /// it, in one statement. Compliance is checked here, in the statement that claims the slot,
    /// under the cycle's lock: two Dialer instances cannot both pass a per-number cap (ADR 0002, 0006).
    /// </summary>
    public static async Task<List<Claim>> ClaimEligible(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int limit,
        EffectiveCallingSettings settings, ComplianceRules compliance, CancellationToken cancellationToken)
    {
        // With a cap, one lead per number per cycle: the claim logs its call, so the next cycle counts it.
        var oncePerNumber = compliance.CapsOn
            ? $"AND correlation_id IN (SELECT DISTINCT ON (phone) correlation_id FROM lead_sagas WHERE {Eligible} ORDER BY phone, ready_at)"
            : string.Empty;
        await using var command = new NpgsqlCommand(
            $"""
            WITH claimed AS (
                UPDATE lead_sagas SET dial_requested_at = @now, last_decision = 'dialed'
                WHERE correlation_id IN (
                    SELECT correlation_id FROM lead_sagas
                    WHERE {Eligible} {oncePerNumber}
                    ORDER BY ready_at
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING correlation_id, dial_requested_at, ready_at, trace_parent, phone, time_zone),
            logged AS (
                INSERT INTO number_calls (phone, lead_id, called_at)
                SELECT phone, correlation_id, @now FROM claimed WHERE phone IS NOT NULL),
            audited AS (
                INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time)
                SELECT correlation_id, @now, 'dialed', NULL, 'Calling slot claimed; call requested', {LocalTime} FROM claimed)
            SELECT correlation_id, dial_requested_at, ready_at, trace_parent FROM claimed
            """,
            connection,
            transaction);
        BindRules(command, now, settings, compliance);
        command.Parameters.Add(Parameter("limit", NpgsqlDbType.Integer, limit));
        var claims = new List<Claim>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The stored value (microseconds), not `now`: the saga compares the two.
            claims.Add(new(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return claims;
    }

    /// <summary>
    /// Claims the ready leads whose number is on the do-not-call list, whatever the hour or free
    /// slots, so the saga fails them ("On do-not-call list"); such a claim is not a call in flight.
    /// </summary>
    public static async Task<List<(Guid LeadId, DateTimeOffset ClaimedAt)>> ClaimDoNotCall(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, string defaultZone, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            WITH blocked AS (
                UPDATE lead_sagas SET dial_requested_at = @now, last_decision = '{WaitingReasons.OnDoNotCallList}'
                WHERE correlation_id IN (
                    SELECT correlation_id FROM lead_sagas
                    WHERE {ReadyUnclaimed} AND {OnDoNotCallList}
                    LIMIT 1000
                    FOR UPDATE SKIP LOCKED)
                RETURNING correlation_id, dial_requested_at, time_zone),
            audited AS (
                INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time)
                SELECT correlation_id, @now, 'skipped', '{WaitingReasons.OnDoNotCallList}', 'On do-not-call list', {LocalTime} FROM blocked)
            SELECT correlation_id, dial_requested_at FROM blocked
            """,
            connection,
            transaction);
        command.Parameters.Add(Parameter("now", NpgsqlDbType.TimestampTz, now));
        command.Parameters.Add(Parameter("default_zone", NpgsqlDbType.Text, defaultZone));
        var blocked = new List<(Guid, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            blocked.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return blocked;
    }

    /// <summary>
    /// Audits why ready, unclaimed leads are skipped — the first rule that holds — writing a row only
    /// where the decision changed. Leads that wait only for a free slot are not audited (not a
    /// compliance decision).
    /// </summary>
    public static async Task AuditSkips(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, EffectiveCallingSettings settings, ComplianceRules compliance, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            WITH d AS (
                SELECT correlation_id, {SkipRule} AS rule
                FROM lead_sagas
                WHERE {ReadyUnclaimed}),
            changed AS (
                UPDATE lead_sagas s SET last_decision = d.rule
                FROM d
                WHERE s.correlation_id = d.correlation_id AND d.rule IS NOT NULL AND s.last_decision IS DISTINCT FROM d.rule
                  AND s.{IsPending} AND s.dial_requested_at IS NULL
                RETURNING s.correlation_id, d.rule, s.time_zone)
            INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time)
            SELECT correlation_id, @now, 'skipped', rule,
                   CASE rule
                       WHEN '{WaitingReasons.ConsentRequired}' THEN 'Consent required'
                       WHEN '{WaitingReasons.Holiday}' THEN 'Holiday: ' || to_char({LocalNow}::date, 'YYYY-MM-DD')
                       WHEN '{WaitingReasons.OutsideCallingHours}' THEN 'Outside calling hours'
                       WHEN '{WaitingReasons.OutsidePermittedHours}' THEN 'Outside permitted calling hours ({ComplianceRules.PermittedHours} local)'
                       ELSE 'Daily call limit for this number reached'
                   END,
                   {LocalTime}
            FROM changed
            """,
            connection,
            transaction);
        BindRules(command, now, settings, compliance);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- What the dialing-state API counts ----

    public sealed record Counts(long Pending, long Retry, long InFlight, long BackingOff);

    /// <summary>Pending and retry leads, calls in flight, and pending leads still waiting after a temporary error.</summary>
    public static async Task<Counts> Count(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT count(*) FILTER (WHERE {IsPending}),
                   count(*) FILTER (WHERE current_state = '{LeadStates.Retry}'),
                   count(*) FILTER (WHERE {InFlight}),
                   count(*) FILTER (WHERE {IsPending} AND dial_requested_at IS NULL AND ready_at > @now)
            FROM lead_sagas
            """,
            connection);
        command.Parameters.Add(Parameter("now", NpgsqlDbType.TimestampTz, now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Ready, unclaimed pending leads by the rule that holds them back ("" key: only waiting for a free slot).</summary>
    public static async Task<Dictionary<string, long>> CountBySkipRule(NpgsqlConnection connection, DateTimeOffset now, EffectiveCallingSettings settings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT COALESCE({SkipRule}, ''), count(*) FROM lead_sagas WHERE {ReadyUnclaimed} GROUP BY 1", connection);
        BindRules(command, now, settings, settings.Compliance ?? ComplianceRules.Default);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Leads still to be called (pending, in progress or waiting for a retry): the throughput estimate's default.</summary>
    public static async Task<long> CountOpen(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT count(*) FROM lead_sagas WHERE current_state IN ('{LeadStates.Pending}', '{LeadStates.Retry}', '{LeadStates.InProgress}')");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // ---- The retry sweep and the stale-call cleanup ----

    /// <summary>Leads waiting for a retry whose delay has passed.</summary>
    public static async Task<List<Guid>> DueForRetry(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT correlation_id FROM lead_sagas WHERE current_state = '{LeadStates.Retry}' AND retry_at <= @now", connection);
        command.Parameters.Add(Parameter("now", NpgsqlDbType.TimestampTz, now));
        var due = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetGuid(0));
        }

        return due;
    }

    /// <summary>Calls placed before <paramref name="placedBefore"/> that never reported an end.</summary>
    public static async Task<List<CallTimedOut>> StaleCalls(NpgsqlConnection connection, DateTimeOffset placedBefore, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT correlation_id, attempts, call_attempt_id FROM lead_sagas " +
            // A lead deleted mid-call keeps its slot until the call ends: a lost webhook must not hold it forever.
            $"WHERE (current_state = '{LeadStates.InProgress}' OR (current_state = '{LeadStates.Deleted}' AND dial_requested_at IS NOT NULL)) " +
            "AND in_progress_since <= @placed_before",
            connection);
        command.Parameters.Add(Parameter("placed_before", NpgsqlDbType.TimestampTz, placedBefore));
        var stale = new List<CallTimedOut>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stale.Add(new CallTimedOut(reader.GetGuid(0), reader.GetInt32(1), reader.GetGuid(2)));
        }

        return stale;
    }

    static NpgsqlParameter Parameter(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };
}
