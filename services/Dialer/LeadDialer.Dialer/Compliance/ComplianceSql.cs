using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.Contracts.Dialing;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;
using Npgsql;
using NpgsqlTypes;

namespace LeadDialer.Dialer.Compliance;

/// <summary>The errors compliance ends a lead with, from the error catalogue.</summary>
public static class ComplianceErrors
{
    public static LeadError OnDoNotCallList { get; } = GuideErrors.OnDoNotCallList.ToLeadError();
}

/// <summary>
/// The compliance rules as SQL on <c>lead_sagas</c>, for the claim (<see cref="Eligible"/>) and
/// for the skip audit. The same rules in C# explain waits (<see cref="Dialing.WhyNotCalled"/>).
/// </summary>
static class ComplianceSql
{
    const string Zone = "COALESCE(NULLIF(time_zone, ''), $3)";

    /// <summary>
    /// A lead the claim may dial. Parameters: $1 now, $3 default zone, $4 days int[], $5/$6 the
    /// dialing window (within the hard limit), $7 holidays date[], $8 require consent, $9 cap per
    /// 24 h (null: none), $10 cap per local day (null: none).
    /// </summary>
    public static readonly string Eligible =
        "current_state = 'Pending' AND dial_requested_at IS NULL AND ready_at <= $1 AND time_zone IS NOT NULL " +
        $"AND {CallingWindowSql.IsOpen("$1", "$3", "$4", "$5", "$6")} " +
        $"AND NOT {CallingWindowSql.IsHoliday("$1", "$3", "$7")} " +
        "AND (NOT $8 OR (lead->>'consentCapturedAt') IS NOT NULL) " +
        "AND NOT EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.phone = lead_sagas.phone) " +
        $"AND NOT {OverCap("$1", "$9", "$10", Zone)}";

    /// <summary>Whether the lead's number already had its allowed calls (rolling 24 h, or the local calendar day).</summary>
    static string OverCap(string now, string cap24, string capDay, string zone) =>
        $"(({cap24}::int IS NOT NULL AND (SELECT count(*) FROM number_calls c WHERE c.phone = lead_sagas.phone AND c.called_at > {now} - interval '24 hours') >= {cap24}::int) " +
        $"OR ({capDay}::int IS NOT NULL AND (SELECT count(*) FROM number_calls c WHERE c.phone = lead_sagas.phone " +
        $"AND c.called_at >= (date_trunc('day', {now} AT TIME ZONE {zone}) AT TIME ZONE {zone})) >= {capDay}::int))";

    /// <summary>"2026-11-27 21:30 (America/New_York)": the lead's clock at <paramref name="now"/>.</summary>
    public static string LocalTime(string now, string defaultZone) =>
        $"to_char({now} AT TIME ZONE COALESCE(NULLIF(time_zone, ''), {defaultZone}), 'YYYY-MM-DD HH24:MI') || ' (' || COALESCE(NULLIF(time_zone, ''), {defaultZone}) || ')'";

    public static void Bind(NpgsqlCommand command, DateTimeOffset now, int limit, EffectiveCallingSettings settings, CallingSchedule schedule, ComplianceRules compliance)
    {
        var p = command.Parameters;
        p.Add(new() { Value = now });
        p.Add(new() { Value = limit });
        p.Add(new() { Value = settings.Schedule.DefaultTimeZone });
        p.Add(new() { Value = schedule.Days.Select(CallingSchedule.IsoDay).ToArray() });
        p.Add(new() { Value = schedule.StartMinute });
        p.Add(new() { Value = schedule.EndMinute });
        p.Add(new() { Value = compliance.Holidays.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
        p.Add(new() { Value = compliance.RequireConsent });
        p.Add(new() { Value = (object?)compliance.MaxCallsPer24Hours ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(new() { Value = (object?)compliance.MaxCallsPerLocalDay ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
    }

    /// <summary>
    /// Audits why ready, unclaimed leads are skipped — the first rule that holds, in the order the
    /// "why not called" message checks them — writing a row only where the decision changed.
    /// Leads that wait only for a free slot are not audited (not a compliance decision).
    /// </summary>
    public static async Task AuditSkips(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, EffectiveCallingSettings settings, ComplianceRules compliance, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $$"""
            WITH d AS (
                SELECT correlation_id, {{SkipRule}} AS rule
                FROM lead_sagas
                WHERE {{ReadyUnclaimed}}),
            changed AS (
                UPDATE lead_sagas s SET last_decision = d.rule
                FROM d
                WHERE s.correlation_id = d.correlation_id AND d.rule IS NOT NULL AND s.last_decision IS DISTINCT FROM d.rule
                  AND s.current_state = 'Pending' AND s.dial_requested_at IS NULL
                RETURNING s.correlation_id, d.rule, s.time_zone)
            INSERT INTO dispatch_audit (lead_id, at, decision, rule, detail, lead_local_time)
            SELECT correlation_id, $1, 'skipped', rule,
                   CASE rule
                       WHEN '{{WaitingReasons.ConsentRequired}}' THEN 'Consent required'
                       WHEN '{{WaitingReasons.Holiday}}' THEN 'Holiday: ' || to_char(($1 AT TIME ZONE {{Zone}})::date, 'YYYY-MM-DD')
                       WHEN '{{WaitingReasons.OutsideCallingHours}}' THEN 'Outside calling hours'
                       WHEN '{{WaitingReasons.OutsidePermittedHours}}' THEN 'Outside permitted calling hours (08:00–21:00 local)'
                       ELSE 'Daily call limit for this number reached'
                   END,
                   {{LocalTime("$1", "$3")}}
            FROM changed
            """,
            connection,
            transaction);
        BindSkipRule(command, now, settings, compliance);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    const string ReadyUnclaimed = "current_state = 'Pending' AND dial_requested_at IS NULL AND ready_at <= $1 AND time_zone IS NOT NULL";

    /// <summary>The first rule that holds for a ready lead, or NULL (only a free slot is missing). Parameters: <see cref="BindSkipRule"/>.</summary>
    static readonly string SkipRule =
        $"""
        CASE
            WHEN $8 AND (lead->>'consentCapturedAt') IS NULL THEN '{WaitingReasons.ConsentRequired}'
            WHEN {CallingWindowSql.IsHoliday("$1", "$3", "$7")} THEN '{WaitingReasons.Holiday}'
            WHEN NOT {CallingWindowSql.IsOpen("$1", "$3", "$4", "$11", "$12")} THEN '{WaitingReasons.OutsideCallingHours}'
            WHEN NOT {CallingWindowSql.IsOpen("$1", "$3", "$4", "$5", "$6")} THEN '{WaitingReasons.OutsidePermittedHours}'
            WHEN {OverCap("$1", "$9", "$10", Zone)} THEN '{WaitingReasons.NumberCallLimit}'
        END
        """;

    /// <summary>$1–$10 as <see cref="Bind"/> (with the dialing schedule), $11/$12 the calling schedule's own window.</summary>
    static void BindSkipRule(NpgsqlCommand command, DateTimeOffset now, EffectiveCallingSettings settings, ComplianceRules compliance)
    {
        Bind(command, now, 0, settings, settings.DialingSchedule, compliance);
        command.Parameters.Add(new() { Value = settings.Schedule.StartMinute });
        command.Parameters.Add(new() { Value = settings.Schedule.EndMinute });
    }

    /// <summary>Ready, unclaimed pending leads by the rule that holds them back (null key: only waiting for a free slot).</summary>
    public static async Task<Dictionary<string, long>> CountByRule(NpgsqlConnection connection, DateTimeOffset now, EffectiveCallingSettings settings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT COALESCE({SkipRule}, ''), count(*) FROM lead_sagas WHERE {ReadyUnclaimed} GROUP BY 1",
            connection);
        BindSkipRule(command, now, settings, settings.Compliance ?? ComplianceRules.Default);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
