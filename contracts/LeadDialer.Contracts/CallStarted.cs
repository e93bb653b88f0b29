using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>The provider accepted the call.</summary>
[MessageUrn("leaddialer:call-started:v1")]
public sealed record CallStarted(
    Guid LeadId,
    int Attempt,
    Guid CallAttemptId,
    string Provider,
    string ProviderCallId,
    DateTimeOffset StartedAt);
