using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// ProviderGateway created or changed an agent. Also republished for every agent when ProviderGateway
/// starts, so the Dialer's copy of the agent list catches up; consumers treat it as an upsert.
/// </summary>
/// <param name="Provider"><c>retell</c> or <c>vapi</c>.</param>
[MessageUrn("leaddialer:agent-saved:v1")]
public sealed record AgentSaved(Guid AgentId, string Provider, string Name, bool Paused, string? PausedReason, DateTimeOffset SavedAt);
