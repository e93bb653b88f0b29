using LeadDialer.ProviderGateway.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>Which agent a call uses: the one PlaceCall names, or the default agent (the oldest).</summary>
public static class AgentDirectory
{
    public static Task<Guid?> DefaultAgentId(ProviderGatewayDbContext db, CancellationToken cancellationToken) =>
        db.Agents.AsNoTracking().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);

    /// <returns>The agent, or null when the id is unknown (deleted) or there is no agent at all.</returns>
    public static async Task<Agent?> Find(ProviderGatewayDbContext db, Guid? agentId, CancellationToken cancellationToken)
    {
        var id = agentId ?? await DefaultAgentId(db, cancellationToken);
        return id is null ? null : await db.Agents.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
    }
}
