using LeadDialer.Contracts.Dialing;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.Dialer.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LeadDialer.Dialer.Dialing;

/// <summary>Why a lead is (not) being called, per lead and in aggregate; the Leads service shows it in lead details.</summary>
public static class DialingStateApi
{
    /// <param name="Waiting">Leads held back, by <see cref="WaitingReasons"/> value.</param>
    /// <param name="CallsInFlight">Calls in progress plus slots claimed for calls about to start, as the dispatcher counts them against the cap.</param>
    public sealed record WaitingSummary(long Pending, long Retry, long CallsInFlight, int MaxConcurrentCalls, IReadOnlyDictionary<string, long> Waiting);

    /// <param name="DispatchLatencyP50Seconds">From a slot freeing in this instance to the next claim committing.</param>
    public sealed record DispatchStats(long Samples, double? DispatchLatencyP50Seconds, double? DispatchLatencyP99Seconds);

    public static IEndpointRouteBuilder MapDialingStateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dialer").WithTags("Dialing state");
        api.MapGet("/leads/{leadId:guid}", GetLead)
            .WithSummary("A lead's dialing state: status, attempts, and why it is waiting, in the guide's words.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/waiting", GetWaiting).WithSummary("How many leads wait, and why (auto-calling off, calling hours, agent, capacity, backoff, retry delay).");
        api.MapGet("/stats", GetStats).WithSummary("This Dialer instance's dispatch latency (p50/p99 over its recent claims).");
        return app;
    }

    static async Task<Results<Ok<LeadDialingState>, ProblemHttpResult>> GetLead(
        Guid leadId, NpgsqlDataSource dataSource, CallingConfiguration configuration, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = await configuration.Current(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var saga = await LeadSagaQueries.Find(connection, leadId, cancellationToken);

        // A deleted lead is gone for its users too; its saga row only keeps a call's slot counted.
        if (saga is null || saga.CurrentState == LeadStates.Deleted)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "The Dialer has no such lead.",
                detail: $"No lead {leadId} has reached the Dialer. A lead reaches it once it has a valid phone number (status pending); check the id with GET /api/leads/{leadId}.");
        }

        var now = clock.GetUtcNow();
        return TypedResults.Ok(WhyNotCalled.Explain(saga, settings, await LeadSagaQueries.CountInFlight(connection, cancellationToken), now, await NumberFactsOf(connection, saga.Lead.Phone, now, cancellationToken)));
    }

    static async Task<Ok<WaitingSummary>> GetWaiting(
        NpgsqlDataSource dataSource, CallingConfiguration configuration, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = await configuration.Current(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var (pending, retry, inFlight, backingOff) = await LeadSagaQueries.Count(connection, now, cancellationToken);

        var waiting = new Dictionary<string, long> { [WaitingReasons.RetryDelay] = retry };
        if (!settings.AutoCallingEnabled)
        {
            waiting[WaitingReasons.AutoCallingOff] = pending;
        }
        else if (settings.Agent.Blocks is { } agent)
        {
            waiting[agent.Reason] = pending;
        }
        else
        {
            // Compliance and calling hours as the dispatcher's claim applies them (the same SQL).
            var byRule = await LeadSagaQueries.CountBySkipRule(connection, now, settings, cancellationToken);
            waiting[WaitingReasons.BackingOff] = backingOff;
            waiting[WaitingReasons.OutsideCallingHours] = byRule.GetValueOrDefault(WaitingReasons.OutsideCallingHours);
            foreach (var rule in new[] { WaitingReasons.OutsidePermittedHours, WaitingReasons.Holiday, WaitingReasons.ConsentRequired, WaitingReasons.NumberCallLimit })
            {
                waiting[rule] = byRule.GetValueOrDefault(rule);
            }

            waiting[WaitingReasons.AtMaxConcurrentCalls] = inFlight >= settings.MaxConcurrentCalls ? byRule.GetValueOrDefault(string.Empty) : 0;
        }

        return TypedResults.Ok(new WaitingSummary(pending, retry, inFlight, settings.MaxConcurrentCalls, waiting));
    }

    static Ok<DispatchStats> GetStats(DispatchLatency latency)
    {
        var (samples, p50, p99) = latency.Percentiles();
        return TypedResults.Ok(new DispatchStats(samples, p50, p99));
    }

    static async Task<WhyNotCalled.NumberFacts> NumberFactsOf(NpgsqlConnection connection, string phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // 48 hours: enough for the rolling 24 h cap and any local calendar day.
        await using var command = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM dnc_numbers WHERE phone = @phone),
                   ARRAY(SELECT called_at FROM number_calls WHERE phone = @phone AND called_at > @now - interval '48 hours' ORDER BY called_at)
            """,
            connection);
        command.Parameters.AddWithValue("phone", phone);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new(reader.GetBoolean(0), reader.GetFieldValue<DateTimeOffset[]>(1));
    }
}
