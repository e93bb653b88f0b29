using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// The provider's post-call analysis arrived after the call ended (Retell <c>call_analyzed</c>):
/// it updates the call record after the fact and never changes the lead's status.
/// </summary>
/// <param name="AnalysisData">Retell's <c>call_analysis.custom_analysis_data</c> as a JSON object, when present.</param>
/// <param name="Transcript">The call's transcript, when the analysis event carries it.</param>
[MessageUrn("leaddialer:call-analyzed:v1")]
public sealed record CallAnalyzed(
    Guid LeadId,
    int Attempt,
    Guid CallAttemptId,
    string Provider,
    string ProviderCallId,
    string? Summary,
    string? Sentiment,
    bool? VoicemailDetected,
    DateTimeOffset AnalyzedAt,
    string? AnalysisData = null,
    string? Transcript = null);
