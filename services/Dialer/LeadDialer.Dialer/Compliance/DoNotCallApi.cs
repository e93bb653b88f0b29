using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CsvHelper;
using LeadDialer.Contracts;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Rules;
using LeadDialer.ServiceDefaults;
using LeadDialer.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Compliance;

/// <summary>
/// The do-not-call list: numbers (E.164) never dialled while listed. The dispatcher checks it in
/// the step that claims a slot, immediately before every dial; a listed lead ends failed
/// ("On do-not-call list").
/// </summary>
public static class DoNotCallApi
{
    public const int MaxPageSize = 500;

    public sealed record DncEntryResponse(string Phone, string? Reason, string Source, DateTimeOffset AddedAt);

    public sealed record DncPage(IReadOnlyList<DncEntryResponse> Items, long Total, int Page, int PageSize);

    /// <param name="Reason">Why the number had been listed.</param>
    /// <param name="RemovedBy">The id of the API key that removed it (GET /api/me names a key's id); null if not removed through the gateway.</param>
    /// <param name="RemovalReason">Why it was removed.</param>
    public sealed record DncRemovalResponse(string Phone, string? Reason, string Source, DateTimeOffset AddedAt, DateTimeOffset RemovedAt, string? RemovedBy, string RemovalReason);

    public sealed record DncRemovalPage(IReadOnlyList<DncRemovalResponse> Items, long Total, int Page, int PageSize);

    /// <param name="Reason">Why the number may be called again (e.g. "Consent given in writing, ticket 4712"); required.</param>
    public sealed record RemoveDncRequest(string? Reason);

    /// <param name="Phone">E.164, e.g. +12125551234: the same rule as a lead's phone (<see cref="PhoneNumber"/>).</param>
    /// <param name="Reason">Why the number is listed (e.g. "Asked not to be called").</param>
    /// <param name="Source">Where the request came from; "api" when left out.</param>
    public sealed record AddDncRequest(string? Phone, string? Reason = null, string? Source = null);

    public sealed record RejectedRow(int Row, string Phone, string Error);

    /// <param name="Added">Numbers newly listed.</param>
    /// <param name="AlreadyListed">Numbers that were on the list already (left as they were).</param>
    /// <param name="Rejected">Rows not imported, with the reason; nothing else in the file is lost.</param>
    public sealed record DncImportResult(int Added, int AlreadyListed, IReadOnlyList<RejectedRow> Rejected);

    public static IEndpointRouteBuilder MapDoNotCallApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dnc").WithTags("Do-not-call list");
        api.MapGet("/", List).WithSummary("The do-not-call list, newest first; `phone` filters by number prefix.").ProducesValidationProblem();
        api.MapPost("/", Add)
            .WithSummary("Put a number on the do-not-call list. It is never dialled again; leads with it end failed (\"On do-not-call list\").")
            .WithRequestExample(new { phone = "+12125551234", reason = "Asked not to be called", source = "support ticket 4711" })
            .ProducesValidationProblem();
        api.MapDelete("/{phone}", Remove)
            .WithSummary("Take a number off the do-not-call list (needs the compliance scope and a reason); its failed leads can then be reactivated. The removal is kept: GET /api/dnc/removals.")
            .WithRequestExample(new { reason = "Consent given in writing, ticket 4712" })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/removals", Removals)
            .WithSummary("Numbers taken off the do-not-call list, newest first: who (API key id), when and why; `phone` filters by number prefix.")
            .ProducesValidationProblem();
        api.MapPost("/import", Import)
            .WithSummary("Import numbers from CSV (text/csv body; columns phone, reason, source — only phone is required). Bad rows are reported, the rest imported.")
            .Accepts<string>("text/csv")
            .ProducesValidationProblem();
        api.MapGet("/export.csv", Export).WithSummary("The whole do-not-call list as CSV (phone, reason, source, added_at).");
        return app;
    }

    /// <summary>A lead's phone rule (<see cref="PhoneNumber"/>), so a listed number and a lead's phone compare equal.</summary>
    /// <param name="error">Why the number cannot be listed, as a validation message.</param>
    public static bool TryParse(string? input, out PhoneNumber number, [NotNullWhen(false)] out string? error)
    {
        // A spreadsheet-safe export writes '+1212…; take it back as it was.
        if (PhoneNumber.TryParse(input?.Trim().TrimStart('\''), out number, out var why))
        {
            error = null;
            return true;
        }

        error = PhoneNumber.Refusal(why);
        return false;
    }

    static async Task<Results<Ok<DncPage>, ValidationProblem>> List(
        DialerDbContext db, string? phone, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (InvalidPage(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = db.DoNotCall.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(phone))
        {
            var prefix = phone.Trim();
            query = query.Where(d => d.Phone.StartsWith(prefix));
        }

        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderByDescending(d => d.AddedAt).ThenBy(d => d.Phone).Skip((p - 1) * size).Take(size)
            .Select(d => new DncEntryResponse(d.Phone, d.Reason, d.Source, d.AddedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new DncPage(items, total, p, size));
    }

    static async Task<Results<Created<DncEntryResponse>, Ok<DncEntryResponse>, ValidationProblem>> Add(
        AddDncRequest request, DialerDbContext db, DispatchSignal dispatch, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParse(request.Phone, out var number, out var phoneError))
        {
            errors["phone"] = [phoneError];
        }

        if (request.Reason is { Length: > 500 })
        {
            errors["reason"] = ["The reason is longer than 500 characters."];
        }

        if (request.Source is { Length: > 200 })
        {
            errors["source"] = ["The source is longer than 200 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The number cannot be put on the do-not-call list.");
        }

        var phone = number.E164;
        var existing = await db.DoNotCall.AsNoTracking().SingleOrDefaultAsync(d => d.Phone == phone, cancellationToken);
        if (existing is not null)
        {
            return TypedResults.Ok(ToResponse(existing));
        }

        var entry = await DoNotCallList.Add(db, phone, request.Reason, string.IsNullOrWhiteSpace(request.Source) ? "api" : request.Source.Trim(), clock.GetUtcNow(), cancellationToken);
        dispatch.Notify();
        return TypedResults.Created($"/api/dnc/{Uri.EscapeDataString(entry.Phone)}", ToResponse(entry));
    }

    static async Task<Results<Ok<DncRemovalPage>, ValidationProblem>> Removals(
        DialerDbContext db, string? phone, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (InvalidPage(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = db.DoNotCallRemovals.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(phone))
        {
            var prefix = phone.Trim();
            query = query.Where(d => d.Phone.StartsWith(prefix));
        }

        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderByDescending(d => d.RemovedAt).ThenByDescending(d => d.Id).Skip((p - 1) * size).Take(size)
            .Select(d => new DncRemovalResponse(d.Phone, d.Reason, d.Source, d.AddedAt, d.RemovedAt, d.RemovedBy, d.RemovalReason)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new DncRemovalPage(items, total, p, size));
    }

    static ValidationProblem? InvalidPage(int? page, int? pageSize, out int p, out int size)
    {
        (p, size) = (page ?? 1, pageSize ?? 50);
        return p < 1 || size is < 1 or > MaxPageSize
            ? TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["page"] = [$"page starts at 1 and pageSize is 1 to {MaxPageSize}; got page {p}, pageSize {size}."] },
                title: "The list request is not valid.")
            : null;
    }

    /// <summary>
    /// Soft: the entry leaves <c>dnc_numbers</c> (so the claim may dial the number again) and is kept
    /// in <c>dnc_removals</c> with the key that removed it, when and why, in one statement.
    /// </summary>
    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Remove(
        string phone,
        [FromBody] RemoveDncRequest? request,
        [FromHeader(Name = GatewayHeaders.KeyId)] string? removedBy,
        DialerDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var reason = request?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["reason"] = ["Say why the number may be called again (1-500 characters), e.g. {\"reason\": \"Consent given in writing, ticket 4712\"}."] },
                title: "The number cannot be taken off the do-not-call list.");
        }

        var normalized = TryParse(phone, out var number, out _) ? number.E164 : phone;
        var removed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            WITH removed AS (DELETE FROM dnc_numbers WHERE phone = {normalized} RETURNING phone, reason, source, added_at)
            INSERT INTO dnc_removals (phone, reason, source, added_at, removed_at, removed_by, removal_reason)
            SELECT phone, reason, source, added_at, {clock.GetUtcNow()}, CAST({removedBy} AS varchar(64)), {reason} FROM removed
            """,
            cancellationToken);
        return removed > 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "The number is not on the do-not-call list.",
                detail: $"{normalized} is not listed. GET /api/dnc?phone=+1 lists the numbers that are.");
    }

    static async Task<Results<Ok<DncImportResult>, ValidationProblem>> Import(
        HttpRequest http, DialerDbContext db, DispatchSignal dispatch, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var reader = CsvReader.Create(http.Body, CsvReaderOptions.Default with { HasHeader = true, TrimWhitespace = true, SkipEmptyLines = true, FieldCountMismatch = CsvFieldCountHandling.Allow });
        await reader.ReadHeaderAsync(cancellationToken);
        var headers = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var (phoneColumn, reasonColumn, sourceColumn) = (headers.IndexOf("phone"), headers.IndexOf("reason"), headers.IndexOf("source"));
        if (phoneColumn < 0)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["file"] = [$"The CSV has no 'phone' column (columns found: {string.Join(", ", headers.Select(h => $"'{h}'"))}). The first line must name the columns: phone,reason,source (reason and source are optional)."] },
                title: "The do-not-call import is not valid.");
        }

        var rejected = new List<RejectedRow>();
        var rows = new Dictionary<string, (string? Reason, string Source)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Field(int index) => index >= 0 && index < reader.FieldCount ? reader.GetString(index) : null;
            var raw = Field(phoneColumn) ?? string.Empty;
            var row = (int)reader.RowNumber + 1;
            if (!TryParse(raw, out var number, out var error))
            {
                rejected.Add(new RejectedRow(row, raw, error));
                continue;
            }

            var phone = number.E164;
            var reason = Field(reasonColumn) is { Length: > 0 } r ? r[..Math.Min(r.Length, 500)] : null;
            var source = Field(sourceColumn) is { Length: > 0 } s ? s[..Math.Min(s.Length, 200)] : "import";
            rows.TryAdd(phone, (reason, source));
        }

        var now = clock.GetUtcNow();
        var listed = await db.DoNotCall.Where(d => rows.Keys.Contains(d.Phone)).Select(d => d.Phone).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var (phone, (reason, source)) in rows.Where(r => !listed.Contains(r.Key)))
        {
            db.DoNotCall.Add(new DncEntry { Phone = phone, Reason = reason, Source = source, AddedAt = now });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        dispatch.Notify();
        return TypedResults.Ok(new DncImportResult(added, listed.Count, rejected));
    }

    static PushStreamHttpResult Export(DialerDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Stream(
            async stream =>
            {
                await using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
                await csv.WriteRecordAsync(["phone", "reason", "source", "added_at"], cancellationToken);
                await foreach (var entry in db.DoNotCall.AsNoTracking().OrderBy(d => d.Phone).AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    await csv.WriteRecordAsync(
                        [entry.Phone, entry.Reason ?? string.Empty, entry.Source, entry.AddedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)],
                        cancellationToken);
                }

                await csv.FlushAsync(cancellationToken);
            },
            "text/csv; charset=utf-8",
            "do-not-call.csv");

    static DncEntryResponse ToResponse(DncEntry d) => new(d.Phone, d.Reason, d.Source, d.AddedAt);
}

/// <summary>Writes to the do-not-call list (the API and opt-outs from calls).</summary>
public static class DoNotCallList
{
    /// <summary>Lists the number unless it is already; returns the entry in force.</summary>
    public static async Task<DncEntry> Add(DialerDbContext db, string phone, string? reason, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO dnc_numbers (phone, reason, source, added_at) VALUES ({phone}, {reason}, {source}, {now}) ON CONFLICT (phone) DO NOTHING",
            cancellationToken);
        return await db.DoNotCall.AsNoTracking().SingleAsync(d => d.Phone == phone, cancellationToken);
    }
}
