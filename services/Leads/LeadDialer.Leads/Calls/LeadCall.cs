using LeadDialer.Contracts;

namespace LeadDialer.Leads.Calls;

/// <summary>
/// One call attempt in a lead's call history, keyed by the Dialer's <c>CallAttemptId</c>. Filled in
/// by <see cref="CallStarted"/>, <see cref="CallEnded"/>, <see cref="CallFailed"/> and
/// <see cref="CallAnalyzed"/> in whatever order they arrive.
/// </summary>
public sealed class LeadCall
{
    public Guid CallAttemptId { get; set; }

    public Guid LeadId { get; set; }

    public int Attempt { get; set; }

    public required string Provider { get; set; }

    public string? ProviderCallId { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public long? DurationMs { get; set; }

    public CallOutcome? Outcome { get; set; }

    public string? EndedReason { get; set; }

    public string? Transcript { get; set; }

    public string? Summary { get; set; }

    public string? Sentiment { get; set; }

    public bool? VoicemailDetected { get; set; }

    public string? RecordingUrl { get; set; }

    /// <summary>Set when the provider refused to place the call (no call was made; not an attempt).</summary>
    public LeadError? Error { get; set; }

    /// <summary>When the record was first written: orders the history and the reports' per-day series.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}
