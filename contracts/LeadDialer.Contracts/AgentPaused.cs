using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// Dialing with this agent stopped because the provider reported an account or configuration error
/// (invalid API key, agent not found, caller number not registered): one typo must not fail a whole
/// list. The Dialer dispatches nothing for the agent until <see cref="AgentResumed"/>.
/// </summary>
/// <param name="Reason">The seed's reason text, e.g. "Agent not found".</param>
[MessageUrn("leaddialer:agent-paused:v1")]
public sealed record AgentPaused(Guid AgentId, string Reason, DateTimeOffset PausedAt);
