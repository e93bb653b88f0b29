using LeadDialer.ProviderGateway.Data;
using LeadDialer.Messaging.Outbox;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>Pausing agents after an account or configuration error, with the events the Dialer acts on.</summary>
public static class AgentPauses
{
    public static void Pause(ProviderGatewayDbContext db, IEnumerable<Agent> agents, string reason, DateTimeOffset now, ILogger logger)
    {
        foreach (var agent in agents)
        {
            if (agent.Pause(reason, now) is { } paused)
            {
                logger.LogWarning("Paused agent {AgentId} ({Name}): {Reason}. Resume it with POST /api/agents/{AgentId}/resume once fixed", agent.Id, agent.Name, reason, agent.Id);
                db.AddOutboxMessage(paused, now);
                db.AddOutboxMessage(agent.ToAgentSaved(now), now);
            }
        }
    }
}
