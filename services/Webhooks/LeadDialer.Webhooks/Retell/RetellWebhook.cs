using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadDialer.Webhooks.Retell;

/// <summary>Retell's webhook body: <c>{"event": "...", "call": { call object }}</c> (what LeadDialer reads).</summary>
public sealed record RetellWebhook(string? Event, RetellCall? Call)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

public sealed record RetellCall(
    string? CallId,
    string? CallStatus,
    long? StartTimestamp,
    long? EndTimestamp,
    long? DurationMs,
    string? DisconnectionReason,
    string? Transcript,
    string? RecordingUrl,
    JsonElement? Metadata,
    RetellCallAnalysis? CallAnalysis);

public sealed record RetellCallAnalysis(bool? InVoicemail, string? CallSummary = null, string? UserSentiment = null, JsonElement? CustomAnalysisData = null);
