using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Events;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.StatusProjection;

/// <summary>
/// Keeps each lead's status as the Dialer reports it. Applies an event only if it is newer than
/// what the row holds, so redelivered or reordered events change nothing; an applied one goes on
/// the live event stream in the same transaction.
/// </summary>
public sealed class LeadStatusChangedConsumer(LeadsDbContext db, LeadEventWriter events, ILogger<LeadStatusChangedConsumer> logger) : IConsumer<LeadStatusChanged>
{
    public async Task Consume(ConsumeContext<LeadStatusChanged> context)
    {
        var m = context.Message;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var updated = await db.Leads
            .Where(l => l.Id == m.LeadId && l.StatusVersion < m.Version)
            .ExecuteUpdateAsync(set => set
                .SetProperty(l => l.Status, m.Status)
                .SetProperty(l => l.Attempts, m.Attempts)
                .SetProperty(l => l.StatusVersion, m.Version)
                .SetProperty(l => l.LastOutcome, m.LastOutcome)
                .SetProperty(l => l.LastError, m.LastError)
                .SetProperty(l => l.NextRetryAt, m.NextRetryAt)
                .SetProperty(l => l.UpdatedAt, m.ChangedAt),
                context.CancellationToken);

        if (updated == 0)
        {
            logger.LogDebug("Status {Status} v{Version} of lead {LeadId} is not newer than what is stored, or the lead is unknown", m.Status, m.Version, m.LeadId);
            return;
        }

        events.StatusChanged(m);
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
    }
}
