using System.Globalization;
using System.Text.Json;
using LeadDialer.Contracts;

namespace LeadDialer.Webhooks.Retell;

/// <summary>The result of reading a <c>call_ended</c> call object.</summary>
/// <param name="CallEnded">The event to publish, when the call is one of ours and well formed.</param>
/// <param name="Problem">What is wrong with the call object, naming the field.</param>
public readonly record struct CallEndedMapping(CallEnded? CallEnded, string? Problem)
{
    /// <summary>No <c>metadata.lead_id</c>: a call LeadDialer did not place (a dashboard test call, another app on the workspace).</summary>
    public bool NotOurs => CallEnded is null && Problem is null;
}

/// <summary>Retell's ended call object → <see cref="CallEnded"/>, finding the lead through the metadata ProviderGateway sent.</summary>
public static class RetellCallEndedMapper
{
    public const string Provider = "retell";

    /// <summary>The <c>call_analyzed</c> event: the analysis of a call LeadDialer placed (null when not ours or unusable).</summary>
    public static CallAnalyzed? MapAnalysis(RetellCall call, DateTimeOffset analyzedAt) =>
        Map(call).CallEnded is { } ended
            ? new CallAnalyzed(
                ended.LeadId,
                ended.Attempt,
                ended.CallAttemptId,
                Provider,
                ended.ProviderCallId,
                ended.Summary,
                string.IsNullOrWhiteSpace(call.CallAnalysis?.UserSentiment) ? null : call.CallAnalysis.UserSentiment,
                call.CallAnalysis?.InVoicemail,
                analyzedAt,
                // Issue 9: the Dialer reads opt-outs from these.
                call.CallAnalysis?.CustomAnalysisData is { ValueKind: JsonValueKind.Object } custom ? custom.GetRawText() : null,
                call.Transcript)
            : null;

    public static CallEndedMapping Map(RetellCall call)
    {
        if (call.Metadata is not { ValueKind: JsonValueKind.Object } metadata
            || !metadata.TryGetProperty("lead_id", out var leadIdElement)
            || leadIdElement.ValueKind == JsonValueKind.Null)
        {
            return default;
        }

        if (string.IsNullOrWhiteSpace(call.CallId))
        {
            return Invalid("call.call_id is required.");
        }

        if (!TryReadGuid(leadIdElement, out var leadId))
        {
            return Invalid($"call.metadata.lead_id must be a UUID; got {leadIdElement.GetRawText()}.");
        }

        if (!metadata.TryGetProperty("call_attempt_id", out var attemptIdElement) || !TryReadGuid(attemptIdElement, out var callAttemptId))
        {
            return Invalid("call.metadata.call_attempt_id must be the UUID ProviderGateway sent with the call.");
        }

        if (!metadata.TryGetProperty("attempt", out var attemptElement) || !TryReadInt(attemptElement, out var attempt))
        {
            return Invalid("call.metadata.attempt must be the attempt number ProviderGateway sent with the call.");
        }

        var outcome = RetellOutcomeMapper.Map(
            call.DisconnectionReason,
            connected: !string.Equals(call.CallStatus, "not_connected", StringComparison.OrdinalIgnoreCase),
            inVoicemail: call.CallAnalysis?.InVoicemail);

        return new CallEndedMapping(
            new CallEnded(
                leadId,
                attempt,
                callAttemptId,
                Provider,
                call.CallId,
                outcome,
                call.DisconnectionReason,
                FromUnixMilliseconds(call.StartTimestamp),
                FromUnixMilliseconds(call.EndTimestamp),
                call.DurationMs,
                call.Transcript,
                call.RecordingUrl,
                string.IsNullOrWhiteSpace(call.CallAnalysis?.CallSummary) ? null : call.CallAnalysis.CallSummary),
            null);
    }

    static CallEndedMapping Invalid(string problem) => new(null, problem);

    static DateTimeOffset? FromUnixMilliseconds(long? value) =>
        value is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    static bool TryReadGuid(JsonElement element, out Guid value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.String && Guid.TryParse(element.GetString(), out value);
    }

    // Metadata is echoed as sent (a number), but any JSON tool on the way may have turned it into a string.
    static bool TryReadInt(JsonElement element, out int value)
    {
        value = default;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt32(out value),
            JsonValueKind.String => int.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
