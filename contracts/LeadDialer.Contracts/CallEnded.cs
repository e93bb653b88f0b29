using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>A placed call is over (from the provider's webhook).</summary>
/// <param name="EndedReason">The provider's own reason, e.g. Retell's <c>disconnection_reason</c>.</param>
/// <param name="AnalysisData">The provider's structured analysis as a JSON object (Vapi <c>analysis.structuredData</c>), when it came with the end.</param>
[MessageUrn("leaddialer:call-ended:v1")]
public sealed record CallEnded(
    Guid LeadId,
    int Attempt,
    Guid CallAttemptId,
    string Provider,
    string ProviderCallId,
    CallOutcome Outcome,
    string? EndedReason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    long? DurationMs,
    string? Transcript,
    string? RecordingUrl,
    string? Summary = null,
    string? AnalysisData = null);
