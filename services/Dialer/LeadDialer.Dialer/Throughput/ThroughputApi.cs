using LeadDialer.Dialer.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Dialer.Throughput;

/// <summary><c>GET /api/throughput</c>: the calculator, with every input defaulting to the live configuration.</summary>
public static class ThroughputApi
{
    /// <summary>Assumed when not given: a typical short sales call and answer rate.</summary>
    public const double DefaultAverageCallSeconds = 120;
    public const double DefaultAnswerRate = 0.3;

    public static IEndpointRouteBuilder MapThroughputApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/throughput", Get)
            .WithTags("Throughput")
            .WithSummary("Voice throughput calculator: calls per hour, leads finished per day, days to work through the list, and which limit binds. Inputs left out come from the live calling configuration.")
            .ProducesValidationProblem();
        return app;
    }

    static async Task<Results<Ok<ThroughputEstimate>, ValidationProblem>> Get(
        int? concurrency,
        double? averageCallSeconds,
        double? dispatchIntervalSeconds,
        int? batchSize,
        double? callingHoursPerDay,
        double? answerRate,
        int? maxAttempts,
        double? retryDelayHours,
        long? leads,
        CallingConfiguration configuration,
        IOptions<DialerOptions> options,
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken)
    {
        var settings = await configuration.Current(cancellationToken);
        var slots = concurrency ?? settings.MaxConcurrentCalls;
        var inputs = new ThroughputInputs(
            slots,
            averageCallSeconds ?? DefaultAverageCallSeconds,
            dispatchIntervalSeconds ?? options.Value.DispatchInterval.TotalSeconds,
            // A cycle claims every free slot at once.
            batchSize ?? slots,
            callingHoursPerDay ?? (settings.Schedule.EndMinute - settings.Schedule.StartMinute) / 60.0,
            answerRate ?? DefaultAnswerRate,
            maxAttempts ?? settings.MaxAttempts,
            retryDelayHours ?? settings.RetryDelay.TotalHours,
            leads ?? await OpenLeads(dataSource, cancellationToken));
        var errors = ThroughputCalculator.Validate(inputs);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The throughput inputs are not valid.")
            : TypedResults.Ok(ThroughputCalculator.Estimate(inputs));
    }

    static async Task<long> OpenLeads(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM lead_sagas WHERE current_state IN ('Pending', 'Retry', 'InProgress')");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
