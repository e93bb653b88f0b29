using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// The person asked, during a call, not to be called again (the provider's analysis or the
/// transcript said so). The Dialer has put <paramref name="Phone"/> on its do-not-call list; the
/// lead ends completed with the reason "Opted out".
/// </summary>
/// <param name="ProviderCallId">The call in which the person opted out.</param>
[MessageUrn("leaddialer:lead-opted-out:v1")]
public sealed record LeadOptedOut(Guid LeadId, string Phone, string ProviderCallId, DateTimeOffset OptedOutAt);
