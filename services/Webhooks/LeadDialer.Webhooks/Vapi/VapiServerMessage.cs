using System.Globalization;
using System.Text.Json;
using LeadDialer.Contracts;

namespace LeadDialer.Webhooks.Vapi;

/// <summary>
/// Vapi's server message <c>{"message": {"type": ..., "call": {...}, ...}}</c>, read with
/// <see cref="JsonDocument"/> because its shape varies between payload versions (the older ones carry
/// summary, transcript and recordingUrl at the top level of the message).
/// </summary>
public static class VapiServerMessage
{
    public const string Provider = "vapi";

    /// <summary>The message's type and call id, or a problem naming what is missing.</summary>
    public static (string? Type, string? CallId, string? Problem) Peek(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return (null, null, "The body must be a JSON object with a \"message\" object.");
        }

        if (String(message, "type") is not { Length: > 0 } type)
        {
            return (null, null, "message.type is required.");
        }

        var callId = message.TryGetProperty("call", out var call) && call.ValueKind == JsonValueKind.Object ? String(call, "id") : null;
        if (type is "status-update" or "end-of-call-report" && callId is null)
        {
            return (type, null, $"A {type} message must carry message.call.id.");
        }

        return (type, callId, null);
    }

    /// <summary>The call's end (and, from an end-of-call-report, its summary); a problem names the field.</summary>
    public static (CallEnded? Ended, bool NotOurs, string? Problem) MapEnded(JsonElement message)
    {
        var call = message.GetProperty("call");
        var callId = String(call, "id")!;
        var metadata = call.TryGetProperty("assistantOverrides", out var overrides) && overrides.ValueKind == JsonValueKind.Object
            && overrides.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
                ? m
                : default;
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty("leadId", out var leadIdElement) || leadIdElement.ValueKind == JsonValueKind.Null)
        {
            return (null, true, null);
        }

        if (!Guid.TryParse(leadIdElement.ToString(), out var leadId))
        {
            return (null, false, $"message.call.assistantOverrides.metadata.leadId must be a UUID; got {leadIdElement.GetRawText()}.");
        }

        if (!metadata.TryGetProperty("callAttemptId", out var attemptIdElement) || !Guid.TryParse(attemptIdElement.ToString(), out var callAttemptId))
        {
            return (null, false, "message.call.assistantOverrides.metadata.callAttemptId must be the UUID ProviderGateway sent with the call.");
        }

        if (!metadata.TryGetProperty("attempt", out var attemptElement)
            || !int.TryParse(attemptElement.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempt))
        {
            return (null, false, "message.call.assistantOverrides.metadata.attempt must be the attempt number ProviderGateway sent with the call.");
        }

        var endedReason = String(message, "endedReason") ?? String(call, "endedReason");
        var startedAt = Time(message, "startedAt") ?? Time(call, "startedAt");
        var endedAt = Time(message, "endedAt") ?? Time(call, "endedAt");
        long? durationMs = startedAt is { } s && endedAt is { } e ? (long)(e - s).TotalMilliseconds
            : message.TryGetProperty("durationSeconds", out var d) && d.TryGetDouble(out var seconds) ? (long)(seconds * 1000) : null;
        // The report carries them in the message; the call object (GET /call/{id}) in the call.
        var artifact = Object(message, "artifact") ?? Object(call, "artifact") ?? default;
        var analysis = Object(message, "analysis") ?? Object(call, "analysis") ?? default;

        return (new CallEnded(
            leadId,
            attempt,
            callAttemptId,
            Provider,
            callId,
            VapiOutcomeMapper.Map(endedReason),
            endedReason,
            startedAt,
            endedAt,
            durationMs,
            String(artifact, "transcript") ?? String(message, "transcript"),
            String(artifact, "recordingUrl") ?? String(message, "recordingUrl"),
            String(analysis, "summary") ?? String(message, "summary"),
            // Issue 9: the Dialer reads opt-outs from the structured data.
            analysis.ValueKind == JsonValueKind.Object && analysis.TryGetProperty("structuredData", out var structured) && structured.ValueKind == JsonValueKind.Object
                ? structured.GetRawText()
                : null), false, null);
    }

    static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    static DateTimeOffset? Time(JsonElement element, string name) =>
        String(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
