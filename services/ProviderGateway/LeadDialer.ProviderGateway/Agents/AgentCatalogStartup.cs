using LeadDialer.ProviderGateway.Data;
using LeadDialer.ProviderGateway.Retell;
using LeadDialer.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>
/// At start-up: creates the configured default Retell agent when there is no agent yet, then
/// republishes <c>AgentSaved</c> for every agent so the Dialer's copy catches up with anything it
/// missed. Runs after the migrations (registered after AddPostgres).
/// </summary>
sealed class AgentCatalogStartup(
    IServiceProvider services,
    IOptions<RetellOptions> retell,
    OutboxSignal outbox,
    TimeProvider clock,
    ILogger<AgentCatalogStartup> logger) : IHostedService
{
    /// <summary>Serialises this start-up work across ProviderGateway instances (any stable number).</summary>
    const long AdvisoryLockKey = 0x4167656E7473; // "Agents"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProviderGatewayDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);

        var now = clock.GetUtcNow();
        var agents = await db.Agents.OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        if (agents.Count == 0 && DefaultRetellAgent(now) is { } agent)
        {
            db.Agents.Add(agent);
            agents.Add(agent);
            logger.LogInformation("Created the default Retell agent {AgentId} from Providers:Retell (agent {ExternalAgentId}, caller {FromNumber})",
                agent.Id, agent.ExternalAgentId, agent.FromNumber);
        }

        foreach (var each in agents)
        {
            db.AddOutboxMessage(each.ToAgentSaved(now), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Notify();
        logger.LogInformation("Published AgentSaved for {Count} agent(s)", agents.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Agent? DefaultRetellAgent(DateTimeOffset now)
    {
        var options = retell.Value;
        if (string.IsNullOrWhiteSpace(options.AgentId) || string.IsNullOrWhiteSpace(options.FromNumber))
        {
            return null;
        }

        return new Agent
        {
            Id = Guid.CreateVersion7(now),
            Name = "Default Retell agent",
            Provider = ProviderNames.Retell,
            ExternalAgentId = options.AgentId.Trim(),
            FromNumber = options.FromNumber.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
