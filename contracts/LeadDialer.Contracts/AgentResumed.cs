using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>The agent's configuration was fixed (or the pause lifted by a user): dialing with it may go on.</summary>
[MessageUrn("leaddialer:agent-resumed:v1")]
public sealed record AgentResumed(Guid AgentId, DateTimeOffset ResumedAt);
