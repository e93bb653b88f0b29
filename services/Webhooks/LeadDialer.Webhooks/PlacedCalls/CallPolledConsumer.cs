using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Messaging;
using LeadDialer.Webhooks.Data;
using LeadDialer.Webhooks.Deliveries;
using MassTransit;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Webhooks.PlacedCalls;

/// <summary>
/// Stores ProviderGateway's answer from the provider as a delivery of its own kind
/// (<see cref="PolledDelivery.EventType"/>), so it goes through the same reading, checking and
/// once-per-call publishing as a webhook: whichever comes first decides.
/// </summary>
public sealed class CallPolledConsumer(WebhooksDbContext db, DeliverySignal signal, TimeProvider time) : IConsumer<CallPolled>
{
    public async Task Consume(ConsumeContext<CallPolled> context)
    {
        var m = context.Message;
        var now = time.GetUtcNow();
        db.Deliveries.Add(new WebhookDelivery
        {
            Provider = m.Provider,
            EventType = PolledDelivery.EventType,
            ProviderCallId = m.ProviderCallId,
            Body = JsonSerializer.SerializeToUtf8Bytes(m, LeadDialerJson.Options),
            ReceivedAt = now,
            ProcessAfter = now,
            Status = DeliveryStatus.Pending,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        signal.Notify();
    }
}
