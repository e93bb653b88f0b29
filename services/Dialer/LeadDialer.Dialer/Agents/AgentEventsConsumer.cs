using LeadDialer.Contracts;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Settings;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Agents;

/// <summary>
/// Keeps <c>agents</c> in step with ProviderGateway. Idempotent and order-tolerant: an event older
/// than the newest one applied to the agent changes nothing. The first agent heard of while none is
/// selected becomes the selected one, as users expect of a fresh installation.
/// </summary>
public sealed class AgentEventsConsumer(DialerDbContext db, DispatchSignal dispatch, ILogger<AgentEventsConsumer> logger) :
    IConsumer<AgentSaved>, IConsumer<AgentDeleted>, IConsumer<AgentPaused>, IConsumer<AgentResumed>
{
    public Task Consume(ConsumeContext<AgentSaved> context)
    {
        var m = context.Message;
        return Upsert(m.AgentId, m.SavedAt, agent =>
        {
            agent.Provider = m.Provider;
            agent.Name = m.Name;
            agent.Paused = m.Paused;
            agent.PausedReason = m.PausedReason;
        }, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<AgentDeleted> context)
    {
        var m = context.Message;
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.AgentId == m.AgentId, context.CancellationToken);
        if (agent is null)
        {
            agent = new Agent { AgentId = m.AgentId, Provider = "", Name = "" };
            db.Agents.Add(agent);
        }
        else if (agent.ChangedAt > m.DeletedAt)
        {
            return;
        }

        agent.DeletedAt = m.DeletedAt;
        agent.ChangedAt = m.DeletedAt;
        await db.SaveChangesAsync(context.CancellationToken);

        // Leads wait with "No agent selected" until the user picks another one.
        await db.CallingSettings
            .Where(s => s.Id == CallingSettings.SingletonId && s.AgentId == m.AgentId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AgentId, (Guid?)null), context.CancellationToken);
    }

    public Task Consume(ConsumeContext<AgentPaused> context) =>
        Upsert(context.Message.AgentId, context.Message.PausedAt, agent =>
        {
            agent.Paused = true;
            agent.PausedReason = context.Message.Reason;
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<AgentResumed> context) =>
        Upsert(context.Message.AgentId, context.Message.ResumedAt, agent =>
        {
            agent.Paused = false;
            agent.PausedReason = null;
        }, context.CancellationToken);

    // Any event but a deletion says the agent exists: one missed AgentSaved (the Dialer started after
    // ProviderGateway announced it) must not leave an agent unknown here.
    async Task Upsert(Guid agentId, DateTimeOffset at, Action<Agent> apply, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.AgentId == agentId, cancellationToken);
        if (agent is null)
        {
            agent = new Agent { AgentId = agentId, Provider = "", Name = "" };
            db.Agents.Add(agent);
        }
        else if (agent.ChangedAt > at || (agent.DeletedAt is { } deletedAt && deletedAt >= at))
        {
            return;
        }

        apply(agent);
        agent.DeletedAt = null;
        agent.ChangedAt = at;
        await db.SaveChangesAsync(cancellationToken);

        // Conditional, so two agents saved at once cannot both become "the" selected one.
        var selected = await db.CallingSettings
            .Where(s => s.Id == CallingSettings.SingletonId && s.AgentId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AgentId, agentId), cancellationToken);
        if (selected > 0)
        {
            logger.LogInformation("Agent {AgentId} ({Name}) selected for calling: no agent was selected", agentId, agent.Name);
        }

        dispatch.Notify();
    }
}
