using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>ProviderGateway deleted an agent; leads can no longer be called with it.</summary>
[MessageUrn("leaddialer:agent-deleted:v1")]
public sealed record AgentDeleted(Guid AgentId, DateTimeOffset DeletedAt);
