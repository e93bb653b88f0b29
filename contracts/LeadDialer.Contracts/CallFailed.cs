using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>The provider refused to place the call; no call was made, so it is not an attempt.</summary>
[MessageUrn("leaddialer:call-failed:v1")]
public sealed record CallFailed(
    Guid LeadId,
    int Attempt,
    Guid CallAttemptId,
    string Provider,
    LeadError Error,
    int? ProviderStatusCode);
