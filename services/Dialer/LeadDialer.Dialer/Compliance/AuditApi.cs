using System.Globalization;
using CsvHelper;
using LeadDialer.Dialer.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Compliance;

/// <summary>The dispatch audit: every decision about a lead (dialled, or skipped and why) and its status changes.</summary>
public static class AuditApi
{
    /// <param name="Decision">"dialed", "skipped", or the status the lead moved to ("pending", "in-progress", "retry", "completed", "failed").</param>
    /// <param name="Rule">For "skipped": the rule, e.g. "on-do-not-call-list", "outside-permitted-calling-hours", "number-call-limit".</param>
    /// <param name="LeadLocalTime">The lead's clock at that moment, with its zone.</param>
    public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Decision, string? Rule, string? Detail, string? LeadLocalTime);

    public sealed record LeadAudit(Guid LeadId, IReadOnlyList<AuditEntryResponse> Entries);

    public static readonly TimeSpan MaxExportRange = TimeSpan.FromDays(366);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/leads/{leadId:guid}/audit", ForLead)
            .WithTags("Audit")
            .WithSummary("The lead's story from import to finish: each dispatch decision (dialled, or skipped with the rule and the lead's local time) and each status change, oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/audit/export.csv", Export)
            .WithTags("Audit")
            .WithSummary("Every audited decision in [from, to) as CSV (default: the last 7 days).")
            .ProducesValidationProblem();
        return app;
    }

    static async Task<Results<Ok<LeadAudit>, ProblemHttpResult>> ForLead(Guid leadId, DialerDbContext db, CancellationToken cancellationToken)
    {
        var entries = await db.DispatchAudit.AsNoTracking().Where(a => a.LeadId == leadId).OrderBy(a => a.Id)
            .Select(a => new AuditEntryResponse(a.Id, a.At, a.Decision, a.Rule, a.Detail, a.LeadLocalTime))
            .ToListAsync(cancellationToken);
        return entries.Count == 0
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No audit for this lead.",
                detail: $"The Dialer has recorded nothing for lead {leadId}. A lead is audited from when it reaches the Dialer (status pending, a valid phone number); check the id with GET /api/leads/{leadId}.")
            : TypedResults.Ok(new LeadAudit(leadId, entries));
    }

    static Results<PushStreamHttpResult, ValidationProblem> Export(
        DateTimeOffset? from, DateTimeOffset? to, DialerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-7);
        if (start >= end || end - start > MaxExportRange)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["from"] = [$"'from' must be before 'to' and at most {MaxExportRange.TotalDays:0} days apart; got {start:O} to {end:O}. Use ISO 8601, e.g. from=2026-11-01&to=2026-12-01."] },
                title: "The audit export range is not valid.");
        }

        return TypedResults.Stream(
            async stream =>
            {
                await using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
                await csv.WriteRecordAsync(["id", "lead_id", "at", "decision", "rule", "detail", "lead_local_time"], cancellationToken);
                await foreach (var a in db.DispatchAudit.AsNoTracking().Where(a => a.At >= start && a.At < end).OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    await csv.WriteRecordAsync(
                        [
                            a.Id.ToString(CultureInfo.InvariantCulture), a.LeadId.ToString(), a.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                            a.Decision, a.Rule ?? string.Empty, a.Detail ?? string.Empty, a.LeadLocalTime ?? string.Empty,
                        ],
                        cancellationToken);
                }

                await csv.FlushAsync(cancellationToken);
            },
            "text/csv; charset=utf-8",
            "dispatch-audit.csv");
    }
}
