using LeadDialer.Contracts;
using LeadDialer.Leads.Leads;

namespace LeadDialer.Leads.Calls;

/// <summary>
/// One attempt in the call history. <paramref name="Error"/> is set when the provider refused to place
/// the call (not counted as an attempt, unless it was one temporary error too many in a row).
/// </summary>
public sealed record LeadCallResponse(
    Guid CallAttemptId,
    int Attempt,
    string Provider,
    string? ProviderCallId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    long? DurationMs,
    CallOutcome? Outcome,
    string? EndedReason,
    string? Transcript,
    string? Summary,
    string? Sentiment,
    bool? VoicemailDetected,
    string? RecordingUrl,
    LeadErrorResponse? Error)
{
    public static LeadCallResponse From(LeadCall c) => new(
        c.CallAttemptId, c.Attempt, c.Provider, c.ProviderCallId, c.StartedAt, c.EndedAt, c.DurationMs, c.Outcome, c.EndedReason,
        c.Transcript, c.Summary, c.Sentiment, c.VoicemailDetected, c.RecordingUrl, LeadErrorResponse.From(c.Error));
}
