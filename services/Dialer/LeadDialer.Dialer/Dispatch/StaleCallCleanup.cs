using System.Diagnostics.Metrics;
using LeadDialer.Contracts;
using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Dialer.Dispatch;

/// <summary>
/// "System automatically cleans up stale in-progress leads after 2 hours"
/// (<see cref="DialerOptions.StaleCallTimeout"/>): every <see cref="DialerOptions.StaleCallCleanupInterval"/>
/// tells the saga of every call in progress for longer (<see cref="CallTimedOut"/>; it counts as an
/// attempt). It only reads, so it publishes directly: a message lost here is sent again next time,
/// and the saga ignores repeats.
/// </summary>
public sealed class StaleCallCleanup(
    NpgsqlDataSource dataSource,
    IBus bus,
    TimeProvider clock,
    IOptions<DialerOptions> options,
    ILogger<StaleCallCleanup> logger) : PeriodicCheck(options.Value.StaleCallCleanupInterval, clock, logger)
{
    static readonly Counter<long> StaleCalls = Telemetry.Meter.CreateCounter<long>(
        "leaddialer.dialer.stale_calls", "{call}", "Calls in progress past the stale-call limit, cleaned up as temporary call failures.");

    public override async Task RunOnce(CancellationToken cancellationToken)
    {
        List<CallTimedOut> stale;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            stale = await LeadSagaQueries.StaleCalls(connection, Clock.GetUtcNow() - options.Value.StaleCallTimeout, cancellationToken);
        }

        using var publishing = MessagingExtensions.BoundedPublishing(cancellationToken);
        foreach (var timedOut in stale)
        {
            Logger.LogWarning(
                "Lead {LeadId} has been in progress for more than {Limit} with no result (attempt {Attempt}); cleaning it up as a temporary call failure",
                timedOut.LeadId, options.Value.StaleCallTimeout, timedOut.Attempt);
            await bus.Publish(timedOut, publishing.Token);
            StaleCalls.Add(1);
        }
    }
}
