using System.Text.Json;
using LeadDialer.Webhooks.Data;

namespace LeadDialer.Webhooks.Deliveries;

/// <summary>Reads a stored delivery of one provider into the events it causes.</summary>
public interface IDeliveryHandler
{
    string Provider { get; }

    DeliveryMeaning Interpret(byte[] body, DateTimeOffset receivedAt);

    /// <summary>
    /// The provider's call object as ProviderGateway fetched it (Retell get-call, Vapi GET /call/{id}):
    /// exactly the events its webhooks would have caused, or nothing while the call has not ended.
    /// </summary>
    DeliveryMeaning InterpretPolled(JsonElement call, DateTimeOffset polledAt);
}

/// <summary>An event a delivery causes, with its kind: each kind is published once per provider call.</summary>
/// <param name="Kind"><see cref="Ended"/> or <see cref="Analyzed"/>.</param>
/// <param name="TraceParent">The call's trace (ProviderGateway put it in the provider's metadata), so the event continues it.</param>
public sealed record CallEvent(string Kind, object Message, string? TraceParent = null)
{
    public const string Ended = "ended";
    public const string Analyzed = "analyzed";
}

public sealed record DeliveryMeaning(DeliveryStatus Status, string? ProviderCallId, IReadOnlyList<CallEvent> CallEvents, string Outcome)
{
    public static DeliveryMeaning Events(string providerCallId, params CallEvent[] events) =>
        new(DeliveryStatus.Processed, providerCallId, events, string.Join(", ", events.Select(e => e.Message.GetType().Name)));

    public static DeliveryMeaning Nothing(string why) => new(DeliveryStatus.Processed, null, [], why);

    public static DeliveryMeaning NotOurs(string why) => new(DeliveryStatus.Ignored, null, [], why);

    public static DeliveryMeaning Invalid(string problem) => new(DeliveryStatus.Invalid, null, [], problem);
}
