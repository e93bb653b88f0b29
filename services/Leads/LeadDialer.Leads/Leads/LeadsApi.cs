using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Leads.Calls;
using LeadDialer.Leads.CustomFields;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Dialing;
using LeadDialer.ServiceDefaults.OpenApi;
using LeadDialer.Messaging.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Leads;

public sealed record LeadPage(LeadResponse[] Items, string? NextCursor);

public sealed record ReactivateAllRequest(string? Reason);

public sealed record ReactivateAllResponse(string Reason, int Reactivated, int SkippedPhoneStillInvalid);

public static class LeadsApi
{
    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").WithTags("Leads");
        api.MapPost("/", AddLead)
            .WithSummary("Add a lead. A valid one is queued for calling; one with a malformed phone is stored as failed. With an Idempotency-Key header, the same key returns the same lead.")
            .WithRequestExample(new { name = "Ada Lovelace", phone = "+12125550123", email = "ada@example.com", company = "Analytical Engines", timezone = "America/New_York", customFields = new { job_title = "CTO" } })
            .ProducesValidationProblem();
        api.MapGet("/", ListLeads)
            .WithSummary("Leads, filtered by status, free text (name, phone, email, company) and created range, sorted, a keyset page at a time (follow nextCursor).")
            .ProducesValidationProblem();
        api.MapGet("/export.csv", ExportLeads)
            .WithSummary("The filtered list as CSV, every page; cells that a spreadsheet would run as a formula are made safe.")
            .ProducesValidationProblem();
        api.MapGet("/{id:guid}", GetLead)
            .WithSummary("The lead details panel: status, attempts and max, last attempt, next retry and time until it, last error and how to fix it, and why a pending lead is not being called.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{id:guid}", UpdateLead)
            .WithSummary("Change any standard or custom field (JSON merge patch; null clears). A changed phone must be valid E.164. The status does not change and cannot be patched: reactivate a failed lead after fixing it (POST /api/leads/{id}/reactivate).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id:guid}", DeleteLead)
            .WithSummary("Delete a lead and its call history; it is never called again.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/reactivate", ReactivateLead)
            .WithSummary("Change a failed lead back to pending after fixing it (attempts start again from zero; call history is kept). Refused if it is not failed or its phone is still invalid.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/reactivate", ReactivateAll)
            .WithSummary("Change every failed lead whose last error has the given reason back to pending; leads whose phone is still invalid are skipped and counted.")
            .ProducesValidationProblem();
        api.MapGet("/{id:guid}/calls", GetCalls)
            .WithSummary("The lead's call history, one entry per attempt: provider, call id, start, end, duration, outcome, ended reason, transcript, summary, recording.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Results<Created<LeadResponse>, Ok<LeadResponse>, ValidationProblem>> AddLead(
        AddLeadRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        LeadEditor editor,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var custom = CustomFieldRules.AsText(request.CustomFields ?? [], errors).ToList();
        var change = errors.Count > 0
            ? LeadChange.Invalid(errors)
            : await editor.Add(
                new LeadInput(request.Name, request.Phone, request.Email, request.Company, request.Timezone, custom, request.ConsentSource, request.ConsentCapturedAt),
                string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim(),
                null,
                cancellationToken);

        if (change.Lead is null)
        {
            return TypedResults.ValidationProblem(change.Errors, title: "The lead is not valid.");
        }

        var body = LeadResponse.From(change.Lead);
        return change.Created ? TypedResults.Created($"/api/leads/{change.Lead.Id}", body) : TypedResults.Ok(body);
    }

    static async Task<Results<Ok<LeadPage>, ValidationProblem>> ListLeads(
        string? status, string? search, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, string? sort, string? cursor, int? limit,
        LeadsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > 500)
        {
            errors["limit"] = [$"limit {limit} is out of range: ask for 1 to 500 leads per page."];
        }

        var query = LeadListQuery.Parse(status, search, createdFrom, createdTo, sort, cursor, errors);
        if (query is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The lead list request is not valid.");
        }

        var size = limit ?? 50;
        var leads = await query.Page(db.Leads.AsNoTracking(), size + 1).ToListAsync(cancellationToken);
        var next = leads.Count > size ? query.CursorAfter(leads[size - 1]) : null;
        return TypedResults.Ok(new LeadPage(leads.Take(size).Select(LeadResponse.From).ToArray(), next));
    }

    static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportLeads(
        string? status, string? search, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, string? sort,
        LeadsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var query = LeadListQuery.Parse(status, search, createdFrom, createdTo, sort, null, errors);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The export request is not valid.");
        }

        var fields = (await db.Definitions(cancellationToken)).Keys.ToArray();
        return TypedResults.Stream(
            stream => LeadCsvExport.Write(stream, query, fields, db, cancellationToken),
            "text/csv; charset=utf-8",
            "leads.csv");
    }

    static async Task<Results<Ok<LeadDetailsResponse>, ProblemHttpResult>> GetLead(
        Guid id, LeadsDbContext db, DialerClient dialer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return NotFound(id);
        }

        // The Dialer is asked while the call history is read.
        var dialing = dialer.GetDialingState(id, cancellationToken);
        var lastAttemptAt = await db.LeadCalls.Where(c => c.LeadId == id && c.Error == null)
            .MaxAsync(c => (DateTimeOffset?)(c.StartedAt ?? c.RecordedAt), cancellationToken);
        var (state, unavailable) = await dialing;

        var now = clock.GetUtcNow();
        var nextRetryAt = lead.NextRetryAt ?? state?.NextRetryAt;
        var timeUntilNextRetry = lead.Status == LeadStatus.Retry && nextRetryAt is { } at
            ? TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, (at - now).TotalSeconds)))
            : (TimeSpan?)null;

        return TypedResults.Ok(new LeadDetailsResponse(
            lead.Id, lead.Name, lead.Phone, lead.Email, lead.Company, lead.Timezone, lead.CustomFields,
            lead.Status,
            lead.Attempts,
            state?.MaxAttempts,
            lastAttemptAt ?? state?.LastAttemptAt,
            nextRetryAt,
            timeUntilNextRetry,
            lead.LastOutcome,
            LeadErrorResponse.From(lead.LastError),
            new DialingResponse(state is not null, state?.WaitingReason, state?.Message, state?.WaitingUntil, unavailable),
            lead.CreatedAt,
            lead.UpdatedAt,
            lead.ConsentSource,
            lead.ConsentCapturedAt,
            lead.PhoneWarning));
    }

    static async Task<Results<Ok<LeadResponse>, ValidationProblem, ProblemHttpResult>> UpdateLead(
        Guid id, JsonElement body, LeadEditor editor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var patch = LeadPatch.Parse(body, errors);
        if (errors.Count > 0)
        {
            // A status change is a reactivation: the problem links to it for this lead.
            var reactivate = errors.ContainsKey("status") ? new Dictionary<string, object?> { ["reactivate"] = $"/api/leads/{id}/reactivate" } : null;
            return TypedResults.ValidationProblem(errors, title: "The change is not valid.", extensions: reactivate);
        }

        var change = await editor.Update(id, patch, cancellationToken);
        if (change.NotFound)
        {
            return NotFound(id);
        }

        return change.Lead is null
            ? TypedResults.ValidationProblem(change.Errors, title: "The change is not valid.")
            : TypedResults.Ok(LeadResponse.From(change.Lead));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteLead(Guid id, LeadEditor editor, CancellationToken cancellationToken) =>
        await editor.Delete(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    static async Task<Results<Accepted<LeadResponse>, ProblemHttpResult>> ReactivateLead(Guid id, LeadEditor editor, CancellationToken cancellationToken)
    {
        var (lead, notFailed, phoneError) = await editor.Reactivate(id, cancellationToken);
        if (lead is null)
        {
            return NotFound(id);
        }

        if (notFailed is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The lead is not failed", detail: notFailed);
        }

        if (phoneError is not null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The phone number is still invalid",
                detail: phoneError,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["phone"] = [phoneError] } });
        }

        return TypedResults.Accepted($"/api/leads/{id}", LeadResponse.From(lead));
    }

    static async Task<Results<Ok<ReactivateAllResponse>, ValidationProblem>> ReactivateAll(
        ReactivateAllRequest request, LeadEditor editor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["reason"] = ["Reason is required: the error reason of the failed leads to reactivate, as shown in their lastError.reason, e.g. \"Phone number does not exist\"."] },
                title: "The reactivation request is not valid.");
        }

        var (reactivated, invalid) = await editor.ReactivateAll(request.Reason.Trim(), cancellationToken);
        return TypedResults.Ok(new ReactivateAllResponse(request.Reason.Trim(), reactivated, invalid));
    }

    static async Task<Results<Ok<LeadCallResponse[]>, ProblemHttpResult>> GetCalls(Guid id, LeadsDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Leads.AnyAsync(l => l.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        var calls = await db.LeadCalls.AsNoTracking().Where(c => c.LeadId == id)
            .OrderBy(c => c.StartedAt ?? c.RecordedAt).ThenBy(c => c.Attempt)
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(calls.Select(LeadCallResponse.From).ToArray());
    }

    static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"There is no lead with id {id}. It may have been deleted; list leads with GET /api/leads.");
}
