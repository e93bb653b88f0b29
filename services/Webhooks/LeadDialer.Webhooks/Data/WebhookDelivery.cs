namespace LeadDialer.Webhooks.Data;

public enum DeliveryStatus
{
    /// <summary>Stored and acknowledged; not processed yet.</summary>
    Pending,
    /// <summary>Its events were published (through the outbox), or it carried nothing to publish.</summary>
    Processed,
    /// <summary>Authentic but not about a call LeadDialer placed (no lead id in its metadata), or a duplicate.</summary>
    Ignored,
    /// <summary>Authentic but unusable (a required field missing or malformed); kept for inspection.</summary>
    Invalid,
}

/// <summary>
/// One webhook delivery exactly as received (the raw body the signature covered), stored before
/// anything else happens to it, so an acknowledged delivery is never lost and can be replayed.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; init; }

    public required string Provider { get; init; }

    /// <summary>Retell's <c>event</c>, Vapi's <c>message.type</c>.</summary>
    public required string EventType { get; init; }

    public string? ProviderCallId { get; init; }

    public required byte[] Body { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Not processed before this time (a Vapi status-update "ended" waits for the richer end-of-call-report; a report waits for its call's CallStarted).</summary>
    public DateTimeOffset ProcessAfter { get; set; }

    public DeliveryStatus Status { get; set; }

    /// <summary>What processing did: the events published, or why nothing was.</summary>
    public string? Outcome { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}

/// <summary>
/// What has been published for a provider call, one row per kind ("ended", "analyzed"): a duplicate
/// or late delivery finds its row and publishes nothing again.
/// </summary>
public sealed class CallEventRecord
{
    public required string Provider { get; init; }

    public required string ProviderCallId { get; init; }

    public required string Kind { get; init; }

    public long DeliveryId { get; init; }

    public DateTimeOffset PublishedAt { get; init; }
}
