using System.Diagnostics.Metrics;
using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Dialer.Dispatch;

/// <summary>
/// Every <see cref="DialerOptions.RetrySweepInterval"/> (the guide's two minutes): tells the saga of
/// every lead whose retry delay has passed, and of every call in progress for longer than the
/// stale-call limit. It only reads, so it publishes directly: a message lost here is sent again by
/// the next sweep, and the saga ignores repeats.
/// </summary>
public sealed class RetrySweep(
    NpgsqlDataSource dataSource,
    IBus bus,
    TimeProvider clock,
    IOptions<DialerOptions> options,
    ILogger<RetrySweep> logger) : BackgroundService
{
    static readonly Counter<long> StaleCalls = Telemetry.Meter.CreateCounter<long>(
        "leaddialer.dialer.stale_calls", "{call}", "Calls in progress past the stale-call limit, cleaned up as temporary call failures.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetrySweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    await SweepOnce(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Retry sweep failed; the next one runs in {Interval}", options.Value.RetrySweepInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task SweepOnce(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        var due = new List<Guid>();
        await using (var command = new NpgsqlCommand(
            "SELECT correlation_id FROM lead_sagas WHERE current_state = 'Retry' AND retry_at <= $1", connection))
        {
            command.Parameters.Add(new() { Value = now });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetGuid(0));
            }
        }

        var stale = new List<CallTimedOut>();
        await using (var command = new NpgsqlCommand(
            // A lead deleted mid-call keeps its slot until the call ends: a lost webhook must not hold it forever.
            "SELECT correlation_id, attempts, call_attempt_id FROM lead_sagas " +
            "WHERE (current_state = 'InProgress' OR (current_state = 'Deleted' AND dial_requested_at IS NOT NULL)) AND in_progress_since <= $1",
            connection))
        {
            command.Parameters.Add(new() { Value = now - options.Value.StaleCallTimeout });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stale.Add(new CallTimedOut(reader.GetGuid(0), reader.GetInt32(1), reader.GetGuid(2)));
            }
        }

        // A publish begun as the broker died can wait for its confirm for ever, and with it every
        // later sweep: bounded, so the next sweep sends again.
        using var publishing = MessagingExtensions.BoundedPublishing(cancellationToken);
        foreach (var leadId in due)
        {
            await bus.Publish(new RetryDelayElapsed(leadId), publishing.Token);
        }

        foreach (var timedOut in stale)
        {
            logger.LogWarning(
                "Lead {LeadId} has been in progress for more than {Limit} with no result (attempt {Attempt}); cleaning it up as a temporary call failure",
                timedOut.LeadId, options.Value.StaleCallTimeout, timedOut.Attempt);
            await bus.Publish(timedOut, publishing.Token);
            StaleCalls.Add(1);
        }

        if (due.Count + stale.Count > 0)
        {
            logger.LogInformation("Retry sweep: {Due} lead(s) due for retry, {Stale} stale call(s)", due.Count, stale.Count);
        }
    }
}
