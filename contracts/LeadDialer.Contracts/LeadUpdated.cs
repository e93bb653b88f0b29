using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>A lead's details were edited (name, phone, custom fields…); the Dialer calls it with these from its next attempt on.</summary>
[MessageUrn("leaddialer:lead-updated:v1")]
public sealed record LeadUpdated(Guid LeadId, LeadDetails Lead, DateTimeOffset UpdatedAt);
