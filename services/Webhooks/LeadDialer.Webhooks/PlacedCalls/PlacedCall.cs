namespace LeadDialer.Webhooks.PlacedCalls;

/// <summary>
/// A call ProviderGateway placed, as its <see cref="Contracts.CallStarted"/> told: the only calls
/// whose reports are believed. A webhook is matched on (provider, provider call id) and must name
/// the same lead, attempt and call attempt id; its own metadata is never taken on trust.
/// </summary>
public sealed class PlacedCall
{
    public required string Provider { get; init; }

    public required string ProviderCallId { get; init; }

    public Guid LeadId { get; init; }

    public int Attempt { get; init; }

    public Guid CallAttemptId { get; init; }

    public DateTimeOffset StartedAt { get; init; }
}
