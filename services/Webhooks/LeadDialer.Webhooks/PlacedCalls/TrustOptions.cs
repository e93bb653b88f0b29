namespace LeadDialer.Webhooks.PlacedCalls;

/// <summary><c>Webhooks:Trust</c>.</summary>
public sealed class TrustOptions
{
    public const string SectionName = "Webhooks:Trust";

    /// <summary>
    /// How long a report for a call not known yet waits for its CallStarted before it is dropped as
    /// not ours. CallStarted goes through the outbox and the broker and can be late by an outage.
    /// </summary>
    public TimeSpan UnknownCallWait { get; set; } = TimeSpan.FromMinutes(15);
}
