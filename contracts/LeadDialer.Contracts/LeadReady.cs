using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>A lead with a valid phone number is ready to be called. Published by Leads (or any internal system).</summary>
[MessageUrn("leaddialer:lead-ready:v1")]
public sealed record LeadReady(Guid LeadId, LeadDetails Lead);
