using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Messaging;
using Npgsql;
using NpgsqlTypes;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Dialer.Saga.Persistence;

/// <summary>
/// Plain-SQL mapping of <see cref="LeadState"/> to <c>lead_sagas</c> (the table EF's migrations
/// create). The saga's hot path avoids EF's change tracking: one SELECT … FOR UPDATE and one write
/// per message.
/// </summary>
static class LeadSagaTable
{
    const string Columns =
        "correlation_id, current_state, version, lead, attempts, max_attempts, retry_delay, ready_at, dial_requested_at, " +
        "call_attempt_id, provider_call_id, in_progress_since, retry_at, temporary_failures, last_outcome, last_error, updated_at, time_zone, completed_reason, trace_parent";

    public const string SelectForUpdate = $"SELECT {Columns} FROM lead_sagas WHERE correlation_id = $1 FOR UPDATE";

    /// <summary>A read for display: no lock, never waits on a saga mid-message.</summary>
    public const string Select = $"SELECT {Columns} FROM lead_sagas WHERE correlation_id = $1";

    // ON CONFLICT: two first messages for one lead race past the (row-less) lock; the loser
    // inserts nothing and is retried, then finds the row.
    public const string Insert =
        $"INSERT INTO lead_sagas ({Columns}) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19, $20) " +
        "ON CONFLICT (correlation_id) DO NOTHING";

    public const string Update =
        "UPDATE lead_sagas SET current_state = $2, version = $3, lead = $4::jsonb, attempts = $5, max_attempts = $6, retry_delay = $7, " +
        "ready_at = $8, dial_requested_at = $9, call_attempt_id = $10, provider_call_id = $11, in_progress_since = $12, retry_at = $13, " +
        "temporary_failures = $14, last_outcome = $15, last_error = $16::jsonb, updated_at = $17, " +
        "time_zone = $18, completed_reason = $19, trace_parent = $20, " +
        // A new state starts a new story for the dispatch audit (SET reads the row's old values).
        "last_decision = CASE WHEN current_state = $2 THEN last_decision END WHERE correlation_id = $1";

    /// <summary>
    /// The audit row for a state change, in the saga's transaction. Parameters: $1 lead, $2 at,
    /// $3 status, $4 detail, $5 the lead's zone ("" or null: the account default).
    /// </summary>
    public const string AuditStatus =
        "INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time) " +
        "SELECT $1, $2, $3, NULL, $4, to_char($2 AT TIME ZONE z.zone, 'YYYY-MM-DD HH24:MI') || ' (' || z.zone || ')' " +
        "FROM (SELECT COALESCE(NULLIF($5, ''), (SELECT default_time_zone FROM calling_settings WHERE id = 1), 'UTC') AS zone) z";

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

    /// <summary>Reads a row and remembers which lead details its zone belongs to.</summary>
    public static LeadState ReadTracked(NpgsqlDataReader r)
    {
        var saga = Read(r);
        if (saga.TimeZone is not null)
        {
            saga.TimeZoneResolvedFor = saga.Lead;
        }

        return saga;
    }

    public static void Bind(NpgsqlCommand command, LeadState s)
    {
        // Whoever changed the lead (LeadReady, a lead update), its calling zone follows it here.
        if (s.TimeZone is null || !ReferenceEquals(s.TimeZoneResolvedFor, s.Lead))
        {
            s.TimeZone = LeadTimeZone.Of(s.Lead);
            s.TimeZoneResolvedFor = s.Lead;
        }

        var p = command.Parameters;
        p.Add(new() { Value = s.CorrelationId });
        p.Add(new() { Value = s.CurrentState });
        p.Add(new() { Value = s.Version });
        p.Add(new() { Value = JsonSerializer.Serialize(s.Lead, LeadDialerJson.Options) });
        p.Add(new() { Value = s.Attempts });
        p.Add(new() { Value = s.MaxAttempts });
        p.Add(new() { Value = s.RetryDelay, NpgsqlDbType = NpgsqlDbType.Interval });
        p.Add(new() { Value = s.ReadyAt });
        p.Add(new() { Value = (object?)s.DialRequestedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = (object?)s.CallAttemptId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new() { Value = (object?)s.ProviderCallId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)s.InProgressSince ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = (object?)s.RetryAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = s.TemporaryFailures });
        p.Add(new() { Value = (object?)s.LastOutcome?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = s.LastError is null ? DBNull.Value : JsonSerializer.Serialize(s.LastError, LeadDialerJson.Options), NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = s.UpdatedAt });
        p.Add(new() { Value = s.TimeZone, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)s.CompletedReason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)s.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }
}
