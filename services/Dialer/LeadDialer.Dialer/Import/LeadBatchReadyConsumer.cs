using LeadDialer.Contracts;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Saga.Persistence;
using MassTransit;
using Npgsql;

namespace LeadDialer.Dialer.Import;

/// <summary>
/// Creates a <c>pending</c> lead saga for every lead of an imported batch in one statement
/// (<see cref="LeadSagaQueries.InsertBatch"/>: the rows <c>Initially(LeadReady)</c> of
/// <see cref="Saga.LeadStateMachine"/> creates, time zone included), then wakes the dispatcher.
/// Leads the Dialer already knows are left as they are, so a redelivered batch changes nothing.
/// </summary>
public sealed class LeadBatchReadyConsumer(
    NpgsqlDataSource dataSource,
    DispatchSignal dispatch,
    TimeProvider clock,
    ILogger<LeadBatchReadyConsumer> logger) : IConsumer<LeadBatchReady>
{
    public async Task Consume(ConsumeContext<LeadBatchReady> context)
    {
        var leads = context.Message.Leads;
        if (leads.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        // One microsecond apart, all in the past: the dispatcher calls the batch in file order.
        var readyAt = leads.Select((_, i) => now.AddTicks((i - leads.Count) * 10L)).ToList();
        var created = await LeadSagaQueries.InsertBatch(dataSource, leads, readyAt, now, context.CancellationToken);

        logger.LogInformation("Batch {BatchId}: {Created} of {Count} lead(s) now pending", context.Message.BatchId, created, leads.Count);
        if (created > 0)
        {
            dispatch.Notify();
        }
    }
}
