using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LeadDialer.Leads.Reports;

public sealed record DayFigures(DateOnly Date, int LeadsAdded, int CallsPlaced, int Answered, double? AverageCallDurationSeconds);

/// <summary>
/// The guide's "comprehensive reporting". Call figures count calls actually placed (a call the
/// provider refused is not one) in [from, to] (UTC days); leads by status is the current picture.
/// </summary>
/// <param name="AnswerRate">Answered calls ÷ placed calls that ended, 0–1; null when none ended.</param>
/// <param name="Outcomes">Ended calls by outcome (Answered, NoAnswer, Busy, Voicemail, InvalidNumber, …).</param>
/// <param name="EndedReasons">Ended calls by the provider's own reason (e.g. Retell's disconnection_reason).</param>
/// <param name="FailedLeadsByReason">Failed leads by their last error's reason: what to fix, and what bulk reactivation takes.</param>
public sealed record ReportSummary(
    DateOnly From,
    DateOnly To,
    IReadOnlyDictionary<string, int> LeadsByStatus,
    int CallsPlaced,
    int CallsAnswered,
    double? AnswerRate,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, int> EndedReasons,
    IReadOnlyDictionary<string, int> FailedLeadsByReason,
    double? AverageCallDurationSeconds,
    double? AttemptsPerCompletedLead,
    IReadOnlyList<DayFigures> Days);

public static class ReportsApi
{
    const int MaxDays = 366;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/summary", Summary)
            .WithTags("Reports")
            .WithSummary("Leads by status, calls placed, answer rate, outcomes by reason, average call duration, attempts per completed lead, and a per-day series for from..to (UTC dates, default the last 30 days).")
            .ProducesValidationProblem();
        return app;
    }

    static async Task<Results<Ok<ReportSummary>, ValidationProblem>> Summary(
        DateOnly? from, DateOnly? to, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = to ?? today;
        var first = from ?? last.AddDays(-29);
        var errors = new Dictionary<string, string[]>();
        if (first > last)
        {
            errors["from"] = [$"from ({first:yyyy-MM-dd}) is after to ({last:yyyy-MM-dd}); swap them."];
        }
        else if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            errors["to"] = [$"The range is {last.DayNumber - first.DayNumber + 1} days; ask for at most {MaxDays} days at a time."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The report request is not valid.");
        }

        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for every figure, so they add up.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var byStatus = await Counts(connection, "SELECT status, count(*)::int FROM leads GROUP BY status", [], cancellationToken);
        var outcomes = await Counts(connection, $"SELECT outcome, count(*)::int FROM lead_calls WHERE {Placed} AND outcome IS NOT NULL GROUP BY outcome", [start, end], cancellationToken);
        var endedReasons = await Counts(connection, $"SELECT coalesce(ended_reason, 'unknown'), count(*)::int FROM lead_calls WHERE {Placed} AND outcome IS NOT NULL GROUP BY 1", [start, end], cancellationToken);
        var failedByReason = await Counts(connection, "SELECT coalesce(last_error->>'reason', 'unknown'), count(*)::int FROM leads WHERE status = 'failed' GROUP BY 1", [], cancellationToken);

        int placed;
        double? averageDuration;
        await using (var command = new NpgsqlCommand($"SELECT count(*)::int, avg(duration_ms) / 1000.0 FROM lead_calls WHERE {Placed}", connection))
        {
            command.Parameters.Add(new() { Value = start });
            command.Parameters.Add(new() { Value = end });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            placed = reader.GetInt32(0);
            averageDuration = reader.IsDBNull(1) ? null : Math.Round((double)reader.GetDecimal(1), 1);
        }

        double? attemptsPerCompleted;
        await using (var command = new NpgsqlCommand("SELECT avg(attempts) FROM leads WHERE status = 'completed'", connection))
        {
            attemptsPerCompleted = await command.ExecuteScalarAsync(cancellationToken) is decimal d ? Math.Round((double)d, 2) : null;
        }

        var days = new List<DayFigures>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT d::date,
                   (SELECT count(*)::int FROM leads WHERE created_at >= d AND created_at < d + interval '1 day'),
                   (SELECT count(*)::int FROM lead_calls WHERE error IS NULL AND recorded_at >= d AND recorded_at < d + interval '1 day'),
                   (SELECT count(*)::int FROM lead_calls WHERE outcome = 'Answered' AND recorded_at >= d AND recorded_at < d + interval '1 day'),
                   (SELECT avg(duration_ms) / 1000.0 FROM lead_calls WHERE duration_ms IS NOT NULL AND recorded_at >= d AND recorded_at < d + interval '1 day')
            FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 day', interval '1 day') AS d
            ORDER BY d
            """,
            connection))
        {
            command.Parameters.Add(new() { Value = start });
            command.Parameters.Add(new() { Value = end });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new DayFigures(
                    DateOnly.FromDateTime(reader.GetDateTime(0)),
                    reader.GetInt32(1),
                    reader.GetInt32(2),
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : Math.Round((double)reader.GetDecimal(4), 1)));
            }
        }

        var answered = outcomes.GetValueOrDefault("Answered");
        var ended = outcomes.Values.Sum();
        return TypedResults.Ok(new ReportSummary(
            first,
            last,
            byStatus,
            placed,
            answered,
            ended == 0 ? null : Math.Round((double)answered / ended, 4),
            outcomes,
            endedReasons,
            failedByReason,
            averageDuration,
            attemptsPerCompleted,
            days));
    }

    // A placed call: the provider accepted it (a refusal has an error and no call).
    const string Placed = "error IS NULL AND recorded_at >= $1 AND recorded_at < $2";

    static async Task<Dictionary<string, int>> Counts(NpgsqlConnection connection, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new() { Value = p });
        }

        var counts = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }
}
