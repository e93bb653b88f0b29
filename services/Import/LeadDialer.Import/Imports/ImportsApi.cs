using System.Text.Json;
using CsvHelper;
using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Data;
using LeadDialer.Import.Files;
using LeadDialer.Import.Leads;
using LeadDialer.Import.Mapping;
using LeadDialer.Import.Preview;
using LeadDialer.Import.Rows;
using LeadDialer.Import.Running;
using LeadDialer.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Import.Imports;

/// <summary>"Import CSV" → "Map your columns" → "Review and confirm", then progress and the report.</summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/imports").WithTags("Imports");
        api.MapGet("/template.csv", Template)
            .WithSummary("A CSV template: Name, Phone, Email, Company, Timezone and every custom field now defined, with one example row.");
        api.MapPost("/", Upload)
            .WithSummary("Upload a CSV file (multipart file or text/csv body). Returns the import id, headers, sample rows and a suggested mapping: a column no lead field takes is suggested as create:<type> with the custom field's name and the type its first rows' values suggest.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", List).WithSummary("Past imports, newest first.");
        api.MapGet("/{id:guid}", Get)
            .WithSummary("An import's progress (rows done/total, created, failed, rejected, duplicates, rate, ETA) and final status.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/{id:guid}/mapping", PutMapping)
            .WithSummary("Map the file's columns to name, phone, email, company, timezone, custom:<field>, create:<type> (a new custom field) or ignore; optionally a default region for numbers written without +.")
            .WithDescription("Targets: " + MappingRequest.ColumnsDescription + " The answer lists the mapping (a create:<type> column as custom:<name> with create: true) and newCustomFields.")
            .WithRequestExample(new { columns = new Dictionary<string, string> { ["Full Name"] = "name", ["Mobile"] = "phone", ["E-mail"] = "email", ["Product Interest"] = "create:text", ["Budget"] = "create:number" }, defaultRegion = "US" })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id:guid}/preview", GetPreview)
            .WithSummary("The review: how many rows become leads, have invalid phones (failed leads), are rejected or are duplicates, with samples, and the new custom fields confirming creates.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
        api.MapPost("/{id:guid}/confirm", Confirm)
            .WithSummary("Create the mapping's new custom fields in Leads (kept if one exists with the same type; 409 custom-field-type-conflict if with another), then run the import in the background with a duplicate policy (skip or update); follow it with GET /api/imports/{id}.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id:guid}/rejected.csv", RejectedCsv)
            .WithSummary("The rows that did not become leads, with a reason column; spreadsheet formulas neutralised.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/rewritten.csv", RewrittenCsv)
            .WithSummary("Every phone number the default region rewrote to E.164, as written and as it will be stored.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    static readonly CsvWriterOptions SafeCsv = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, WriteByteOrderMark = true };

    static async Task<PushStreamHttpResult> Template(CustomFieldsClient customFields, CancellationToken cancellationToken)
    {
        var fields = await customFields.GetAll(cancellationToken);
        return TypedResults.Stream(async stream =>
        {
            await using var csv = CsvWriter.Create(stream, SafeCsv with { Injection = CsvInjection.None }, leaveOpen: true);
            await csv.WriteRecordAsync(["Name", "Phone", "Email", "Company", "Timezone", .. fields.Select(f => f.Name)], cancellationToken);
            await csv.WriteRecordAsync(["Ada Lovelace", "+12125551234", "ada@example.com", "Analytical Engines", "America/New_York", .. fields.Select(f => Example(f.Type))], cancellationToken);
        }, "text/csv; charset=utf-8", "leads-template.csv");
    }

    static string Example(string type) => type.ToLowerInvariant() switch
    {
        "number" => "42",
        "date" => "2026-01-31",
        "boolean" => "true",
        _ => "example",
    };

    static async Task<Results<Created<UploadResponse>, ProblemHttpResult>> Upload(
        HttpContext http, UploadReceiver receiver, CustomFieldsClient customFields, ImportDbContext db, TimeProvider clock, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var (file, problem) = await receiver.Receive(http, id, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        CsvFileShape? shape = null;
        problem = file!.Sniff.Verdict switch
        {
            SniffVerdict.Empty => ImportProblems.EmptyFile(),
            SniffVerdict.Binary => ImportProblems.Binary(file.Sniff.BinaryKind!),
            SniffVerdict.NulBytes => ImportProblems.NulBytes(file.Sniff.NulOffset),
            _ => CsvFileCheck.Check(file.Path, file.Sniff.Encoding!, options.Value, out shape),
        };
        if (problem is not null)
        {
            // Nothing of a refused upload is kept.
            File.Delete(file.Path);
            return problem.ToResult();
        }

        var fields = await customFields.GetAll(cancellationToken);
        var firstRows = CsvFiles.FirstRows(file.Path, file.Sniff.Encoding!, shape!.Separator, shape.Headers.Length, options.Value.MaxRecordBytes, HeaderSynonyms.ValueRows);
        var job = new ImportJob
        {
            Id = id,
            FileName = file.FileName.Length <= 260 ? file.FileName : file.FileName[..260],
            StoredPath = file.Path,
            SizeBytes = file.Length,
            Encoding = SniffResult.NameOf(file.Sniff.Encoding!),
            Separator = shape.Separator.ToString(),
            Headers = shape.Headers,
            SampleRows = shape.SampleRows,
            SuggestedMapping = HeaderSynonyms.Suggest(shape.Headers, fields, firstRows),
            Status = ImportStatus.Uploaded,
            TotalRows = shape.DataRows,
            BatchSize = options.Value.BatchSize,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Imports.Add(job);
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.Created($"/api/imports/{id}", new UploadResponse(
            id, job.FileName, job.SizeBytes, job.Encoding, job.Separator == "\t" ? "tab" : job.Separator, job.TotalRows, job.Headers, job.SampleRows, job.SuggestedMapping, fields));
    }

    static async Task<Ok<ImportProgress[]>> List(int? limit, ImportDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var jobs = await db.Imports.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(Math.Clamp(limit ?? 50, 1, 500)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(jobs.Select(j => ImportProgress.From(j, now)).ToArray());
    }

    static async Task<Results<Ok<ImportProgress>, ProblemHttpResult>> Get(Guid id, ImportDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await db.Imports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return job is null ? ImportProblems.NotFound(id).ToResult() : TypedResults.Ok(ImportProgress.From(job, clock.GetUtcNow()));
    }

    static async Task<Results<Ok<MappingResponse>, ValidationProblem, ProblemHttpResult>> PutMapping(
        Guid id, MappingRequest request, ImportDbContext db, CustomFieldsClient customFields, TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await db.Imports.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (job is null)
        {
            return ImportProblems.NotFound(id).ToResult();
        }

        if (job.Status is not (ImportStatus.Uploaded or ImportStatus.Mapped))
        {
            return ImportProblems.WrongStatus(id, job.Status, "be mapped").ToResult();
        }

        var errors = request.Validate(job.Headers, await customFields.GetAll(cancellationToken), out var mapping);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The column mapping is not valid.",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid-mapping" });
        }

        job.Mapping = mapping;
        job.DefaultRegion = string.IsNullOrWhiteSpace(request.DefaultRegion) ? null : request.DefaultRegion.Trim().ToUpperInvariant();
        job.Status = ImportStatus.Mapped;
        job.Preview = null;
        job.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new MappingResponse(id, job.Status, mapping, ImportPreviewCalculator.NewCustomFields(mapping), job.DefaultRegion, $"/api/imports/{id}/preview"));
    }

    static async Task<Results<Ok<ImportPreview>, ProblemHttpResult>> GetPreview(
        Guid id, ImportDbContext db, LeadsDatabase leads, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var job = await db.Imports.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (job is null)
        {
            return ImportProblems.NotFound(id).ToResult();
        }

        if (job.Preview is { } cached)
        {
            return TypedResults.Ok(JsonSerializer.Deserialize<ImportPreview>(cached, LeadDialerJson.Options)!);
        }

        if (job.Mapping is null)
        {
            return ImportProblems.MappingRequired(id).ToResult();
        }

        if (!File.Exists(job.StoredPath))
        {
            return ImportProblems.StoredFileMissing(id).ToResult();
        }

        var preview = await ImportPreviewCalculator.Compute(job, leads, options.Value, cancellationToken);
        if (job.Status == ImportStatus.Mapped)
        {
            job.Preview = JsonSerializer.Serialize(preview, LeadDialerJson.Options);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(preview);
    }

    static async Task<Results<Accepted<ImportProgress>, ValidationProblem, ProblemHttpResult>> Confirm(
        Guid id, ConfirmRequest? request, ImportDbContext db, CustomFieldsClient customFields, ImportSignal signal, TimeProvider clock, CancellationToken cancellationToken)
    {
        var policy = (request?.DuplicatePolicy ?? "skip").Trim().ToLowerInvariant();
        if (!ImportPreviewCalculator.Policies.ContainsKey(policy))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["duplicatePolicy"] = [$"'{request?.DuplicatePolicy}' is not a duplicate policy. Use skip (leave existing leads as they are) or update (overwrite their details)."] },
                title: "The confirmation is not valid.");
        }

        var job = await db.Imports.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (job is null)
        {
            return ImportProblems.NotFound(id).ToResult();
        }

        if (job.Status == ImportStatus.Uploaded)
        {
            return ImportProblems.MappingRequired(id).ToResult();
        }

        if (job.Status != ImportStatus.Mapped)
        {
            return ImportProblems.WrongStatus(id, job.Status, "be confirmed again").ToResult();
        }

        if (await CreateCustomFields(job, customFields, cancellationToken) is { } conflict)
        {
            return conflict.ToResult();
        }

        var now = clock.GetUtcNow();
        job.Status = ImportStatus.Running;
        job.DuplicatePolicy = policy;
        job.StartedAt = now;
        job.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Accepted($"/api/imports/{id}", ImportProgress.From(job, now));
    }

    // The fields exist before any row is written. Checked against the defined fields first, so a
    // conflict creates none; Leads creating one of the same name in between is caught too.
    static async Task<ImportProblem?> CreateCustomFields(ImportJob job, CustomFieldsClient customFields, CancellationToken cancellationToken)
    {
        var mapping = job.Mapping!.ToArray();
        if (!mapping.Any(m => m.Create))
        {
            return null;
        }

        var defined = await customFields.GetAll(cancellationToken);
        foreach (var column in mapping.Where(m => m.Create))
        {
            if (defined.FirstOrDefault(f => Same(f.Name, column.FieldName)) is { } field && !Same(field.Type, column.FieldType))
            {
                return ImportProblems.CustomFieldTypeConflict(job.Id, column.Column, field.Name, field.Type, column.FieldType!);
            }
        }

        for (var i = 0; i < mapping.Length; i++)
        {
            if (mapping[i] is { Create: true } column)
            {
                var field = await customFields.Ensure(column.FieldName!, column.FieldType!, cancellationToken);
                if (!Same(field.Type, column.FieldType))
                {
                    return ImportProblems.CustomFieldTypeConflict(job.Id, column.Column, field.Name, field.Type, column.FieldType!);
                }

                // Leads compares names ignoring case: the rows carry the name as Leads has it.
                mapping[i] = column with { Target = MappingTarget.CustomPrefix + field.Name };
            }
        }

        job.Mapping = mapping;
        return null;

        static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }

    static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> RejectedCsv(Guid id, ImportDbContext db, CancellationToken cancellationToken)
    {
        var job = await db.Imports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (job is null)
        {
            return ImportProblems.NotFound(id).ToResult();
        }

        return TypedResults.Stream(async stream =>
        {
            await using var csv = CsvWriter.Create(stream, SafeCsv, leaveOpen: true);
            await csv.WriteRecordAsync(["row", .. job.Headers, "reason"], cancellationToken);
            await foreach (var row in db.RejectedRows.AsNoTracking().Where(r => r.ImportId == id).OrderBy(r => r.RowNumber).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                var fields = new string[job.Headers.Length + 2];
                fields[0] = row.RowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < job.Headers.Length; i++)
                {
                    fields[i + 1] = i < row.Fields.Length ? row.Fields[i] : "";
                }

                fields[^1] = row.Reason;
                await csv.WriteRecordAsync(fields, cancellationToken);
            }
        }, "text/csv; charset=utf-8", $"rejected-{id:N}.csv");
    }

    static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> RewrittenCsv(Guid id, ImportDbContext db, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var job = await db.Imports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (job is null)
        {
            return ImportProblems.NotFound(id).ToResult();
        }

        if (job.Mapping is null)
        {
            return ImportProblems.MappingRequired(id).ToResult();
        }

        if (!File.Exists(job.StoredPath))
        {
            return ImportProblems.StoredFileMissing(id).ToResult();
        }

        return TypedResults.Stream(async stream =>
        {
            await using var csv = CsvWriter.Create(stream, SafeCsv, leaveOpen: true);
            await csv.WriteRecordAsync(["row", "phone as written", "phone stored"], cancellationToken);
            var rows = new RowReader(job.Mapping, job.DefaultRegion, job.Headers.Length);
            using var reader = CsvFiles.Open(job.StoredPath, SniffResult.FromName(job.Encoding), job.Separator[0], options.Value.MaxRecordBytes);
            while (reader.Read())
            {
                var row = rows.Read(reader);
                if (row.OriginalPhone is not null)
                {
                    await csv.WriteRecordAsync([row.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), row.OriginalPhone, row.Phone], cancellationToken);
                }
            }
        }, "text/csv; charset=utf-8", $"rewritten-{id:N}.csv");
    }
}
