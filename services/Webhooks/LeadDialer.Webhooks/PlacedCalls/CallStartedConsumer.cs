using LeadDialer.Contracts;
using LeadDialer.Webhooks.Data;
using LeadDialer.Webhooks.Deliveries;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Webhooks.PlacedCalls;

/// <summary>Records each call ProviderGateway placed, so the reports about it can be checked (idempotent: a redelivery changes nothing).</summary>
public sealed class CallStartedConsumer(WebhooksDbContext db, DeliverySignal signal) : IConsumer<CallStarted>
{
    public async Task Consume(ConsumeContext<CallStarted> context)
    {
        var m = context.Message;
        if (string.IsNullOrEmpty(m.ProviderCallId))
        {
            return;
        }

        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO placed_calls (provider, provider_call_id, lead_id, attempt, call_attempt_id, started_at)
            VALUES ({m.Provider}, {m.ProviderCallId}, {m.LeadId}, {m.Attempt}, {m.CallAttemptId}, {m.StartedAt})
            ON CONFLICT DO NOTHING
            """,
            context.CancellationToken);
        // A report that came before this call was known waits for it: look again now.
        signal.Notify();
    }
}
