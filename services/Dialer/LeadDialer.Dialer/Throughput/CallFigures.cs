using LeadDialer.Contracts;
using LeadDialer.Dialer.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static System.FormattableString;

namespace LeadDialer.Dialer.Throughput;

/// <summary>
/// One ended call as the calculator needs it (<c>call_figures</c>): when it ended, how long it held
/// its slot, whether it was answered. Kept for the last 7 days only.
/// </summary>
/// <remarks>
/// Why the Dialer keeps its own copy: the call records live in Leads (<c>lead_calls</c>), but Leads
/// already asks the Dialer about dialing, so the Dialer asking Leads would make the two services
/// depend on each other, and letting the console fetch Leads' report and pass the figures in would
/// split the calculation between two places and leave API users without the defaults. The Dialer
/// already receives every <see cref="CallEnded"/>; one small row per call for a week is the least
/// coupled way to read the figures cheaply.
/// </remarks>
public sealed class CallFigure
{
    public Guid CallAttemptId { get; set; }

    public DateTimeOffset EndedAt { get; set; }

    public long? DurationMs { get; set; }

    public bool Answered { get; set; }
}

/// <summary>Records each ended call in <c>call_figures</c>; a redelivery finds the row there and adds nothing.</summary>
public sealed class CallFiguresConsumer(NpgsqlDataSource dataSource, TimeProvider clock) : IConsumer<CallEnded>
{
    public async Task Consume(ConsumeContext<CallEnded> context)
    {
        var call = context.Message;
        var now = clock.GetUtcNow();
        // Rows older than the calculator's period are pruned as new ones arrive, so the table stays a week long.
        await using var command = dataSource.CreateCommand(
            """
            WITH pruned AS (DELETE FROM call_figures WHERE ended_at < $5)
            INSERT INTO call_figures (call_attempt_id, ended_at, duration_ms, answered) VALUES ($1, $2, $3, $4)
            ON CONFLICT (call_attempt_id) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = call.CallAttemptId });
        command.Parameters.Add(new() { Value = call.EndedAt ?? now });
        command.Parameters.Add(new() { Value = (object?)call.DurationMs ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = call.Outcome == CallOutcome.Answered });
        command.Parameters.Add(new() { Value = now - ThroughputDefaults.Period });
        await command.ExecuteNonQueryAsync(context.CancellationToken);
    }
}

/// <summary>The ended calls of the period: how many, their average length (calls with a duration), the share answered.</summary>
public sealed record RecentCalls(int Calls, double? AverageCallSeconds, double? AnswerRate)
{
    public static async Task<RecentCalls> Read(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*)::int, (avg(duration_ms) / 1000.0)::float8, avg(answered::int)::float8 FROM call_figures WHERE ended_at >= $1");
        command.Parameters.Add(new() { Value = now - ThroughputDefaults.Period });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2));
    }
}

/// <summary>The call length and answer rate the calculator assumes when not given: the last 7 days' real calls when there are enough of them.</summary>
/// <param name="Source">"last-7-days" (real calls) or "assumed" (fewer than <see cref="MinimumCalls"/> calls).</param>
public sealed record ThroughputDefaults(int RecentCalls, double AverageCallSeconds, double AnswerRate, string Source, string Description)
{
    /// <summary>Fewer calls say more about chance than about the lists and agents.</summary>
    public const int MinimumCalls = 50;

    /// <summary>A typical short sales call and answer rate, until real figures exist.</summary>
    public const double AssumedAverageCallSeconds = 120;

    public const double AssumedAnswerRate = 0.3;

    public static readonly TimeSpan Period = TimeSpan.FromDays(7);

    public static ThroughputDefaults From(RecentCalls recent)
    {
        if (recent.Calls < MinimumCalls)
        {
            return new(recent.Calls, AssumedAverageCallSeconds, AssumedAnswerRate, "assumed", Invariant(
                $"Assumed {AssumedAverageCallSeconds:0} s calls and a {AssumedAnswerRate:0%} answer rate: {recent.Calls} {(recent.Calls == 1 ? "call" : "calls")} ended in the last 7 days, {MinimumCalls} are needed to use real figures."));
        }

        // A slot is busy for the whole call, answered or not, so the average is over every ended call;
        // very short calls (a refused ring) still hold the slot about a second.
        var seconds = recent.AverageCallSeconds is { } average ? Math.Max(1, Math.Round(average, 1)) : AssumedAverageCallSeconds;
        var rate = Math.Round(recent.AnswerRate ?? AssumedAnswerRate, 3);
        var length = recent.AverageCallSeconds is null ? Invariant($"assumed {AssumedAverageCallSeconds:0} s calls (no durations recorded)") : Invariant($"{seconds:0.#} s average call");
        return new(recent.Calls, seconds, rate, "last-7-days",
            Invariant($"From the {recent.Calls:N0} calls that ended in the last 7 days: {length}, {rate:0.#%} answered."));
    }
}
