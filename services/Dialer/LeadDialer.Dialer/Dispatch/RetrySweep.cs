using LeadDialer.Contracts;
using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Dialer.Dispatch;

/// <summary>
/// "System automatically checks every 2 minutes" (<see cref="DialerOptions.RetrySweepInterval"/>):
/// tells the saga of every lead whose retry delay has passed. It only reads, so it publishes
/// directly: a message lost here is sent again by the next sweep, and the saga ignores repeats.
/// </summary>
public sealed class RetrySweep(
    NpgsqlDataSource dataSource,
    IBus bus,
    TimeProvider clock,
    IOptions<DialerOptions> options,
    ILogger<RetrySweep> logger) : PeriodicCheck(options.Value.RetrySweepInterval, clock, logger)
{
    public override async Task RunOnce(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            due = await LeadSagaQueries.DueForRetry(connection, Clock.GetUtcNow(), cancellationToken);
        }

        using var publishing = MessagingExtensions.BoundedPublishing(cancellationToken);
        foreach (var leadId in due)
        {
            await bus.Publish(new RetryDelayElapsed(leadId), publishing.Token);
        }

        if (due.Count > 0)
        {
            Logger.LogInformation("Retry sweep: {Due} lead(s) due for retry", due.Count);
        }
    }
}
