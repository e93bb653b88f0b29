using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Leads;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Submissions;

/// <summary>
/// Internal systems' way in (<see cref="SubmitLead"/>): the API's rules through the same
/// <see cref="LeadEditor"/>, answered on the bus. An invalid submission stores nothing and is
/// answered with <see cref="LeadSubmissionRejected"/> rather than faulted or dropped. Answers go
/// through the outbox after the change commits; if the process dies in between, the redelivered
/// submission finds its lead by the submission id and is answered then.
/// </summary>
public sealed class SubmitLeadConsumer(LeadsDbContext db, LeadEditor editor, TimeProvider clock) : IConsumer<SubmitLead>
{
    public async Task Consume(ConsumeContext<SubmitLead> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(m.SubmissionId))
        {
            await Reject(m, new() { ["submissionId"] = ["SubmissionId is required: a unique id of this submission (e.g. a UUID), so a repeated message adds the lead once."] }, now, context.CancellationToken);
            return;
        }

        var custom = (m.CustomFields ?? new Dictionary<string, string?>()).ToList();
        var existing = m.LeadId is { } id && await db.Leads.AnyAsync(l => l.Id == id, context.CancellationToken);
        LeadChange change;
        if (existing)
        {
            var patch = LeadPatch.Parse(JsonSerializer.SerializeToElement(new Dictionary<string, object?>
            {
                ["name"] = m.Name,
                ["phone"] = m.Phone,
                ["email"] = m.Email,
                ["company"] = m.Company,
                ["timezone"] = m.Timezone,
                ["customFields"] = custom.Count == 0 ? null : custom.ToDictionary(),
            }.Where(kv => kv.Value is not null).ToDictionary()), new Dictionary<string, string[]>());
            change = await editor.Update(m.LeadId!.Value, patch, context.CancellationToken);
        }
        else
        {
            change = await editor.Add(new LeadInput(m.Name, m.Phone, m.Email, m.Company, m.Timezone, custom), $"bus:{m.SubmissionId}", m.LeadId, context.CancellationToken);
        }

        if (change.Lead is null)
        {
            await Reject(m, change.Errors.ToDictionary(), now, context.CancellationToken);
            return;
        }

        db.ChangeTracker.Clear();
        db.AddOutboxMessage(new LeadSubmissionAccepted(m.SubmissionId, change.Lead.Id, change.Created, change.Lead.Status, now), now);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    async Task Reject(SubmitLead m, Dictionary<string, string[]> errors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.AddOutboxMessage(new LeadSubmissionRejected(m.SubmissionId ?? string.Empty, m.LeadId, errors, now), now);
        await db.SaveChangesAsync(cancellationToken);
    }
}
