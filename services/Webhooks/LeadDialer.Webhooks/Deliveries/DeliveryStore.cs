using LeadDialer.ServiceDefaults;
using LeadDialer.Webhooks.Data;

namespace LeadDialer.Webhooks.Deliveries;

/// <summary>
/// Stores an authenticated delivery before anything else happens to it; the 2xx answer follows the
/// commit at once, and <see cref="DeliveryProcessor"/> publishes its events afterwards.
/// </summary>
public sealed class DeliveryStore(WebhooksDbContext db, DeliverySignal signal, TimeProvider time)
{
    public async Task<long> Store(string provider, string eventType, string? providerCallId, byte[] body, TimeSpan deferBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Provider = provider,
            EventType = eventType.Length > 64 ? eventType[..64] : eventType,
            ProviderCallId = providerCallId is { Length: > 200 } ? providerCallId[..200] : providerCallId,
            Body = body,
            ReceivedAt = now,
            ProcessAfter = now + deferBy,
            Status = DeliveryStatus.Pending,
        };
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();

        return delivery.Id;
    }
}

/// <summary>Wakes <see cref="DeliveryProcessor"/> when a delivery was stored.</summary>
public sealed class DeliverySignal : WakeUpSignal;
