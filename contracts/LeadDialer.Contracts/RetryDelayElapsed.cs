using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>The Dialer's retry sweep found the lead's retry delay has passed.</summary>
[MessageUrn("leaddialer:retry-delay-elapsed:v1")]
public sealed record RetryDelayElapsed(Guid LeadId);
