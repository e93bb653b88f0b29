using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>The user deleted the lead: it must never be called again.</summary>
[MessageUrn("leaddialer:lead-deleted:v1")]
public sealed record LeadDeleted(Guid LeadId, DateTimeOffset DeletedAt);
