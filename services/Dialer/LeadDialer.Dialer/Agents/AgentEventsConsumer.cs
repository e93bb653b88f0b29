using LeadDialer.Contracts;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Settings;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Agents;

/// <summary>
/// Keeps <c>agents</c> in step with ProviderGateway. Idempotent and order-tolerant: each event is
/// one conditional upsert that applies only if it is newer than what the row holds — atomic in
/// PostgreSQL, so two Dialer instances applying a pause and its resume at once cannot lose either.
/// The first agent heard of while none is selected becomes the selected one, as users expect.
/// </summary>
public sealed class AgentEventsConsumer(DialerDbContext db, DispatchSignal dispatch, ILogger<AgentEventsConsumer> logger) :
    IConsumer<AgentSaved>, IConsumer<AgentDeleted>, IConsumer<AgentPaused>, IConsumer<AgentResumed>
{
    public Task Consume(ConsumeContext<AgentSaved> context)
    {
        var m = context.Message;
        return Upsert(m.AgentId, m.Provider, m.Name, m.Paused, m.PausedReason, m.SavedAt, context.CancellationToken);
    }

    // Any event but a deletion says the agent exists: one missed AgentSaved (the Dialer started after
    // ProviderGateway announced it) must not leave an agent unknown here.
    public Task Consume(ConsumeContext<AgentPaused> context) =>
        Upsert(context.Message.AgentId, null, null, true, context.Message.Reason, context.Message.PausedAt, context.CancellationToken);

    public Task Consume(ConsumeContext<AgentResumed> context) =>
        Upsert(context.Message.AgentId, null, null, false, null, context.Message.ResumedAt, context.CancellationToken);

    public async Task Consume(ConsumeContext<AgentDeleted> context)
    {
        var m = context.Message;
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO agents (agent_id, provider, name, paused, paused_reason, deleted_at, changed_at)
            VALUES ({m.AgentId}, '', '', false, NULL, {m.DeletedAt.ToUniversalTime()}, {m.DeletedAt.ToUniversalTime()})
            ON CONFLICT (agent_id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, changed_at = EXCLUDED.changed_at
            WHERE agents.changed_at <= EXCLUDED.changed_at
            """,
            context.CancellationToken);

        // Leads wait with "No agent selected" until the user picks another one.
        await db.CallingSettings
            .Where(s => s.Id == CallingSettings.SingletonId && s.AgentId == m.AgentId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AgentId, (Guid?)null), context.CancellationToken);
    }

    async Task Upsert(Guid agentId, string? provider, string? name, bool paused, string? pausedReason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Provider and name are kept when the event does not carry them (pause, resume).
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO agents (agent_id, provider, name, paused, paused_reason, deleted_at, changed_at)
            VALUES ({agentId}, {provider ?? ""}, {name ?? ""}, {paused}, {pausedReason}, NULL, {at.ToUniversalTime()})
            ON CONFLICT (agent_id) DO UPDATE SET
                provider = COALESCE(NULLIF(EXCLUDED.provider, ''), agents.provider),
                name = COALESCE(NULLIF(EXCLUDED.name, ''), agents.name),
                paused = EXCLUDED.paused,
                paused_reason = EXCLUDED.paused_reason,
                deleted_at = NULL,
                changed_at = EXCLUDED.changed_at
            WHERE agents.changed_at <= EXCLUDED.changed_at AND (agents.deleted_at IS NULL OR agents.deleted_at < EXCLUDED.changed_at)
            """,
            cancellationToken);

        // Conditional, so two agents saved at once cannot both become "the" selected one.
        var selected = await db.CallingSettings
            .Where(s => s.Id == CallingSettings.SingletonId && s.AgentId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AgentId, agentId), cancellationToken);
        if (selected > 0)
        {
            logger.LogInformation("Agent {AgentId} ({Name}) selected for calling: no agent was selected", agentId, name);
        }

        dispatch.Notify();
    }
}
