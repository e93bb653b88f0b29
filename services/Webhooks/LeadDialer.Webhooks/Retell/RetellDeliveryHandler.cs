using System.Text.Json;
using LeadDialer.Webhooks.Deliveries;

namespace LeadDialer.Webhooks.Retell;

/// <summary>
/// What a stored Retell delivery means: <c>call_ended</c> → CallEnded; <c>call_analyzed</c> →
/// CallAnalyzed (and CallEnded first when call_ended has not been seen: the analyzed call object
/// carries everything, so a lost or late call_ended changes nothing); <c>call_started</c> → nothing
/// (ProviderGateway published CallStarted when Retell accepted the call).
/// </summary>
public sealed class RetellDeliveryHandler : IDeliveryHandler
{
    public string Provider => RetellWebhookApi.Provider;

    public DeliveryMeaning Interpret(byte[] body, DateTimeOffset receivedAt)
    {
        var webhook = JsonSerializer.Deserialize<RetellWebhook>(body, RetellWebhook.JsonOptions)!;
        if (webhook.Call is not { } call || webhook.Event is not ("call_ended" or "call_analyzed"))
        {
            return DeliveryMeaning.Nothing($"{webhook.Event}: nothing to publish");
        }

        return Meaning(webhook.Event, call, receivedAt);
    }

    public DeliveryMeaning InterpretPolled(JsonElement callObject, DateTimeOffset polledAt)
    {
        var call = callObject.Deserialize<RetellCall>(RetellWebhook.JsonOptions)!;
        if (call.CallStatus is not ("ended" or "not_connected" or "error"))
        {
            return DeliveryMeaning.Nothing($"get-call: call {call.CallId} is still {call.CallStatus ?? "of unknown status"}");
        }

        // An ended call object with its analysis is what call_analyzed carries; without it, call_ended.
        return Meaning(call.CallAnalysis is null ? "call_ended" : "call_analyzed", call, polledAt);
    }

    static DeliveryMeaning Meaning(string webhookEvent, RetellCall call, DateTimeOffset receivedAt)
    {
        var mapping = RetellCallEndedMapper.Map(call);
        if (mapping.NotOurs)
        {
            return DeliveryMeaning.NotOurs($"Retell call {call.CallId} has no metadata.lead_id: not placed by LeadDialer");
        }

        if (mapping.Problem is not null)
        {
            return DeliveryMeaning.Invalid(mapping.Problem);
        }

        var ended = mapping.CallEnded!;
        var traceParent = TraceParentOf(call);
        return webhookEvent == "call_ended"
            ? DeliveryMeaning.Events(call.CallId!, new CallEvent(CallEvent.Ended, ended, traceParent))
            : DeliveryMeaning.Events(
                call.CallId!,
                new CallEvent(CallEvent.Ended, ended, traceParent),
                new CallEvent(CallEvent.Analyzed, RetellCallEndedMapper.MapAnalysis(call, receivedAt)!, traceParent));
    }

    static string? TraceParentOf(RetellCall call) =>
        call.Metadata is { ValueKind: JsonValueKind.Object } metadata
        && metadata.TryGetProperty("traceparent", out var traceParent)
        && traceParent.ValueKind == JsonValueKind.String
            ? traceParent.GetString()
            : null;
}
