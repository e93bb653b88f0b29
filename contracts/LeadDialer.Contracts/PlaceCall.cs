using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>Command to ProviderGateway: place attempt <paramref name="Attempt"/> for the lead.</summary>
/// <param name="CallAttemptId">Unique per placement; a redelivered command with the same id never dials twice.</param>
/// <param name="AgentId">The agent (ProviderGateway's <c>/api/agents</c>) to call with; null means the default agent.</param>
[MessageUrn("leaddialer:place-call:v1")]
public sealed record PlaceCall(Guid LeadId, int Attempt, Guid CallAttemptId, LeadDetails Lead, Guid? AgentId = null);
