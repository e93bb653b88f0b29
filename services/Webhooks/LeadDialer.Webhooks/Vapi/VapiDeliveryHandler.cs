using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Webhooks.Deliveries;

namespace LeadDialer.Webhooks.Vapi;

/// <summary>
/// What a stored Vapi delivery means. <c>status-update</c> with status <c>ended</c> and
/// <c>end-of-call-report</c> both end the call (whichever comes first; Vapi does not retry, so either
/// may be the only one). The report's summary rides on CallEnded when it comes first, else on a
/// CallAnalyzed that updates the call record after the fact.
/// </summary>
public sealed class VapiDeliveryHandler : IDeliveryHandler
{
    public string Provider => VapiServerMessage.Provider;

    public DeliveryMeaning Interpret(byte[] body, DateTimeOffset receivedAt)
    {
        using var document = JsonDocument.Parse(body);
        var message = document.RootElement.GetProperty("message");
        var (type, callId, _) = VapiServerMessage.Peek(document.RootElement);
        var status = message.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var ends = type == "end-of-call-report" || (type == "status-update" && status == "ended");
        if (!ends)
        {
            return DeliveryMeaning.Nothing($"{type}{(status is null ? "" : " " + status)}: nothing to publish");
        }

        return Meaning(type!, callId!, message, receivedAt);
    }

    public DeliveryMeaning InterpretPolled(JsonElement call, DateTimeOffset polledAt)
    {
        var callId = call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        var status = call.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (callId is null || status != "ended")
        {
            return DeliveryMeaning.Nothing($"GET /call: call {callId} is still {status ?? "of unknown status"}");
        }

        // The ended call object carries what the end-of-call-report would have (its artifact and analysis).
        using var message = JsonDocument.Parse($"{{\"call\":{call.GetRawText()}}}");
        return Meaning("end-of-call-report", callId, message.RootElement.Clone(), polledAt);
    }

    static DeliveryMeaning Meaning(string type, string callId, JsonElement message, DateTimeOffset receivedAt)
    {

        var (ended, notOurs, problem) = VapiServerMessage.MapEnded(message);
        if (notOurs)
        {
            return DeliveryMeaning.NotOurs($"Vapi call {callId} has no assistantOverrides.metadata.leadId: not placed by LeadDialer");
        }

        if (problem is not null)
        {
            return DeliveryMeaning.Invalid(problem);
        }

        if (type == "status-update")
        {
            return DeliveryMeaning.Events(callId, new CallEvent(CallEvent.Ended, ended!));
        }

        var analyzed = new CallAnalyzed(
            ended!.LeadId, ended.Attempt, ended.CallAttemptId, VapiServerMessage.Provider, ended.ProviderCallId,
            ended.Summary, Sentiment: null, VoicemailDetected: ended.Outcome == CallOutcome.Voicemail, receivedAt);
        return DeliveryMeaning.Events(callId, new CallEvent(CallEvent.Ended, ended), new CallEvent(CallEvent.Analyzed, analyzed));
    }
}
