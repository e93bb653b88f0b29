using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Dialer.Throughput;

/// <summary>
/// <c>GET /api/throughput</c>: the calculator, with every input defaulting to the live
/// configuration — the window actually dialled, the calling days and holidays, and the last 7
/// days' call length and answer rate. The console only renders what this returns.
/// </summary>
public static class ThroughputApi
{
    public static IEndpointRouteBuilder MapThroughputApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/throughput", Get)
            .WithTags("Throughput")
            .WithSummary("Voice throughput calculator: calls per hour, leads finished per day, calendar and calling days to work through the list (a simulation of the first pass and the retry rounds), and which limit binds. Inputs left out come from the live calling configuration (the window within the hard 08:00–21:00 limit, calling days, holidays) and, with at least 50 calls in the last 7 days, the real average call length and answer rate.")
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
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var settings = await configuration.Current(cancellationToken);
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, settings.Schedule.ZoneOf(null));
        var today = DateOnly.FromDateTime(local.DateTime);
        var window = EffectiveWindow.Of(settings.Schedule, settings.Compliance ?? Compliance.ComplianceRules.Default, today);
        var dialled = settings.DialingSchedule;
        var defaults = ThroughputDefaults.From(await RecentCalls.Read(dataSource, now, cancellationToken));
        var slots = concurrency ?? settings.MaxConcurrentCalls;
        var inputs = new ThroughputInputs(
            slots,
            averageCallSeconds ?? defaults.AverageCallSeconds,
            dispatchIntervalSeconds ?? options.Value.DispatchInterval.TotalSeconds,
            // A cycle claims every free slot at once.
            batchSize ?? slots,
            callingHoursPerDay ?? window.HoursPerDay,
            answerRate ?? defaults.AnswerRate,
            maxAttempts ?? settings.MaxAttempts,
            retryDelayHours ?? settings.RetryDelay.TotalHours,
            leads ?? await LeadSagaQueries.CountOpen(dataSource, cancellationToken),
            dialled.Days.OrderBy(CallingSchedule.IsoDay).ToList(),
            (dialled.Holidays ?? new HashSet<DateOnly>()).Where(h => h >= today).Order().ToList(),
            // The estimate starts at the window's next opening in the account's zone: today's when it has not opened yet.
            (local.Hour * 60) + local.Minute < dialled.StartMinute ? today : today.AddDays(1));
        var errors = ThroughputCalculator.Validate(inputs);
        if (callingHoursPerDay is null && window.HoursPerDay <= 0)
        {
            errors["callingHoursPerDay"] = [$"Nothing is dialled: {window.Description}. Move the calling hours inside it in Settings → Calling Configuration."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The throughput inputs are not valid.")
            : TypedResults.Ok(ThroughputCalculator.Estimate(inputs) with { Window = window, Defaults = defaults });
    }
}
