using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Phones;
using LeadDialer.ServiceDefaults.OpenApi;
using LeadDialer.ServiceDefaults.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Leads;

public static class LeadsApi
{
    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").WithTags("Leads");
        api.MapPost("/", AddLead).WithSummary("Add a lead. A valid one is queued for calling; one with a malformed phone is stored as failed.")
            .WithRequestExample(new { name = "Ada Lovelace", phone = "+12125550123", email = "ada@example.com", company = "Analytical Engines", timezone = "America/New_York", customFields = new { job_title = "CTO" } });
        api.MapGet("/{id:guid}", GetLead).WithSummary("A lead with its status, attempts and last error.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/", ListLeads).WithSummary("Leads, newest first, optionally of one status (pending, in-progress, retry, completed, failed); limit 1-500, default 50.");
        return app;
    }

    static async Task<Results<Created<LeadResponse>, ValidationProblem>> AddLead(
        AddLeadRequest request, LeadsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The lead is not valid.");
        }

        var now = clock.GetUtcNow();
        var e164 = PhoneNumberCheck.ToE164(request.Phone!.Trim());
        var lead = new Lead
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name!.Trim(),
            Phone = e164 ?? request.Phone.Trim(),
            Email = request.Email!.Trim(),
            Company = string.IsNullOrWhiteSpace(request.Company) ? null : request.Company.Trim(),
            Timezone = string.IsNullOrWhiteSpace(request.Timezone) ? null : request.Timezone.Trim(),
            CustomFields = request.CustomFieldValues(),
            // The guide: "Invalid formats will cause the lead to be marked as failed" — kept, so it can be fixed.
            Status = e164 is null ? LeadStatus.Failed : LeadStatus.Pending,
            LastError = e164 is null ? new LeadError(ErrorKind.Permanent, PhoneNumberCheck.InvalidFormatReason, PhoneNumberCheck.Hint) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };

        db.Leads.Add(lead);
        if (e164 is not null)
        {
            db.AddOutboxMessage(new LeadReady(lead.Id, lead.ToDetails()), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/leads/{lead.Id}", LeadResponse.From(lead));
    }

    static async Task<Results<Ok<LeadResponse>, ProblemHttpResult>> GetLead(Guid id, LeadsDbContext db, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        return lead is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"There is no lead with id {id}.")
            : TypedResults.Ok(LeadResponse.From(lead));
    }

    static async Task<Results<Ok<LeadResponse[]>, ValidationProblem>> ListLeads(
        string? status, int? limit, LeadsDbContext db, CancellationToken cancellationToken)
    {
        if (status is not null && !LeadStatus.All.Contains(status))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a status. Use one of: {string.Join(", ", LeadStatus.All)}."] });
        }

        var query = db.Leads.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(l => l.Status == status);
        }

        var leads = await query.OrderByDescending(l => l.CreatedAt).Take(Math.Clamp(limit ?? 50, 1, 500)).ToArrayAsync(cancellationToken);
        return TypedResults.Ok(leads.Select(LeadResponse.From).ToArray());
    }
}
