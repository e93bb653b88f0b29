using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Rules;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.StatusProjection;

/// <summary>
/// Internal systems may announce leads straight on the bus; this records such a lead so it can be
/// seen and followed through the API. Leads this service created itself are already stored.
/// </summary>
public sealed class LeadReadyConsumer(LeadsDbContext db, TimeProvider clock) : IConsumer<LeadReady>
{
    public async Task Consume(ConsumeContext<LeadReady> context)
    {
        var m = context.Message;
        if (await db.Leads.AnyAsync(l => l.Id == m.LeadId, context.CancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var valid = PhoneNumber.TryParse(m.Lead.Phone, out var number, out _);
        db.Leads.Add(new Lead
        {
            Id = m.LeadId,
            Name = m.Lead.Name,
            Phone = valid ? number.E164 : m.Lead.Phone,
            PhoneWarning = number.Warning,
            Email = m.Lead.Email,
            Company = m.Lead.Company,
            Timezone = m.Lead.Timezone,
            CustomFields = new Dictionary<string, string>(m.Lead.CustomFields),
            Status = LeadStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        });

        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent delivery stored it first.
        }
    }
}
