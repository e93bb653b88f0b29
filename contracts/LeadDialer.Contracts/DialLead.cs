using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// The Dialer's dispatcher has claimed a calling slot for a pending lead: call it now, under the
/// calling configuration in force at that moment.
/// </summary>
[MessageUrn("leaddialer:dial-lead:v1")]
public sealed record DialLead(Guid LeadId, int MaxAttempts, TimeSpan RetryDelay);
