using System.Diagnostics.Metrics;
using LeadDialer.Contracts;
using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.ServiceDefaults;
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

    static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

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

        var due = await LeadSagaQueries.DueForRetry(connection, now, cancellationToken);
        var stale = await LeadSagaQueries.StaleCalls(connection, now - options.Value.StaleCallTimeout, cancellationToken);

        // A publish begun as the broker died can wait for its confirm for ever (rabbitmq-dotnet-client
        // #1928), and with it every later sweep: bounded, so the next sweep sends again.
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishing.CancelAfter(PublishTimeout);
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
