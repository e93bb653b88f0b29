using System.Globalization;
using CsvHelper;
using LeadDialer.Leads.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Leads;

/// <summary>
/// The filtered lead list as CSV (CsvHelper, RFC 4180), streamed a keyset page at a time so a
/// million leads never sit in memory. Text that starts with =, +, -, @ (or a tab or CR) is
/// prefixed with ' so a spreadsheet shows it instead of running it as a formula (CSV injection);
/// a phone therefore reads '+12125551234, which spreadsheets display as +12125551234.
/// </summary>
public static class LeadCsvExport
{
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    static readonly string[] StandardColumns =
        ["id", "name", "phone", "email", "company", "timezone", "status", "attempts", "last_outcome", "last_error", "next_retry_at", "created_at", "updated_at"];

    public static async Task Write(Stream body, LeadListQuery query, string[] customFields, LeadsDbContext db, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(body, Options, leaveOpen: true);
        await csv.WriteRecordAsync(Header(customFields), cancellationToken);

        var page = query;
        while (true)
        {
            var leads = await page.Page(db.Leads.AsNoTracking(), 1000).ToListAsync(cancellationToken);
            foreach (var lead in leads)
            {
                await csv.WriteRecordAsync(Row(lead, customFields), cancellationToken);
            }

            if (leads.Count < 1000)
            {
                break;
            }

            page = page with { After = Cursor(page, leads[^1]) };
        }

        await csv.FlushAsync(cancellationToken);
    }

    public static string[] Header(string[] customFields) => [.. StandardColumns, .. customFields];

    public static string[] Row(Lead lead, string[] customFields) =>
    [
        lead.Id.ToString(),
        lead.Name,
        lead.Phone,
        lead.Email,
        lead.Company ?? string.Empty,
        lead.Timezone ?? string.Empty,
        lead.Status,
        lead.Attempts.ToString(CultureInfo.InvariantCulture),
        lead.LastOutcome?.ToString() ?? string.Empty,
        lead.LastError?.Reason ?? string.Empty,
        lead.NextRetryAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
        lead.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        lead.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        .. customFields.Select(f => lead.CustomFields.GetValueOrDefault(f) ?? string.Empty),
    ];

    static LeadListQuery.Cursor Cursor(LeadListQuery query, Lead last) =>
        new(query.Sort, query.Sort.EndsWith("createdAt", StringComparison.Ordinal) ? last.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : last.Name, last.Id);
}
