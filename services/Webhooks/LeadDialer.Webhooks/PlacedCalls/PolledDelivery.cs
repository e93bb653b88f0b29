using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Messaging;
using LeadDialer.Webhooks.Deliveries;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Webhooks.PlacedCalls;

/// <summary>A stored <see cref="CallPolled"/>: ProviderGateway's answer from the provider, read like a webhook.</summary>
public static class PolledDelivery
{
    /// <summary>The delivery's event type: told apart from the providers' own events.</summary>
    public const string EventType = "get-call";

    public static DeliveryMeaning Interpret(IDeliveryHandler handler, byte[] body)
    {
        var polled = JsonSerializer.Deserialize<CallPolled>(body, LeadDialerJson.Options)!;
        if (polled.Found && polled.Call is { } call)
        {
            using var document = JsonDocument.Parse(call);
            return handler.InterpretPolled(document.RootElement, polled.PolledAt);
        }

        // The provider does not know a call it accepted: nobody was reached, so it is tried again.
        var unknown = new CallEnded(
            polled.LeadId,
            polled.Attempt,
            polled.CallAttemptId,
            polled.Provider,
            polled.ProviderCallId,
            CallOutcome.TemporaryFailure,
            $"{polled.Provider} does not know call {polled.ProviderCallId} (asked after its outcome never came)",
            StartedAt: null,
            EndedAt: polled.PolledAt,
            DurationMs: null,
            Transcript: null,
            RecordingUrl: null);
        return DeliveryMeaning.Events(polled.ProviderCallId, new CallEvent(CallEvent.Ended, unknown));
    }
}
