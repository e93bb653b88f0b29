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
    public async Task Consume(ConsumeContext<AgentSaved> context)
    {
        var m = context.Message;
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.AgentId == m.AgentId, context.CancellationToken);
        if (agent is null)
        {
            agent = new Agent { AgentId = m.AgentId };
            db.Agents.Add(agent);
        }
        else if (agent.ChangedAt > m.SavedAt)
        {
            return;
        }

        agent.Provider = m.Provider;
        agent.Name = m.Name;
        agent.Paused = m.Paused;
        agent.PausedReason = m.PausedReason;
        agent.DeletedAt = null;
        agent.ChangedAt = m.SavedAt;
        await db.SaveChangesAsync(context.CancellationToken);

        // Conditional, so two agents saved at once cannot both become "the" selected one.
        var selected = await db.CallingSettings
            .Where(s => s.Id == CallingSettings.SingletonId && s.AgentId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AgentId, m.AgentId), context.CancellationToken);
        if (selected > 0)
        {
            logger.LogInformation("Agent {AgentId} ({Name}) selected for calling: no agent was selected", m.AgentId, m.Name);
        }

        dispatch.Notify();
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
        SetPaused(context.Message.AgentId, true, context.Message.Reason, context.Message.PausedAt, context.CancellationToken);

    public Task Consume(ConsumeContext<AgentResumed> context) =>
        SetPaused(context.Message.AgentId, false, null, context.Message.ResumedAt, context.CancellationToken);

    async Task SetPaused(Guid agentId, bool paused, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.AgentId == agentId, cancellationToken);
        if (agent is null || agent.ChangedAt > at)
        {
            // Unknown agent: its AgentSaved (ProviderGateway republishes them all at start) carries the pause.
            return;
        }

        agent.Paused = paused;
        agent.PausedReason = reason;
        agent.ChangedAt = at;
        await db.SaveChangesAsync(cancellationToken);
        dispatch.Notify();
    }
}
