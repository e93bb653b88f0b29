using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadDialer.Import.Imports;

/// <summary>An RFC 7807 problem: what is wrong with the upload or request, and how to fix it. <see cref="Code"/> names the case for clients.</summary>
public sealed record ImportProblem(int Status, string Code, string Title, string Detail)
{
    public ProblemHttpResult ToResult() => TypedResults.Problem(
        detail: Detail,
        statusCode: Status,
        title: Title,
        type: $"https://leaddialer.dev/problems/import/{Code}",
        extensions: new Dictionary<string, object?> { ["code"] = Code });
}

/// <summary>Every way an upload or an import request can be refused, in one place so the messages stay consistent.</summary>
public static class ImportProblems
{
    const string SaveAsCsv = "Save the sheet as \"CSV UTF-8 (Comma delimited)\" and upload that file.";

    public static ImportProblem TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, "file-too-large", "The file is too large",
        $"Uploads are limited to {limit:N0} bytes ({limit / (1024.0 * 1024.0):0.#} MiB). Split the file into smaller files, or ask an administrator to raise Import:MaxUploadBytes.");

    public static ImportProblem NoFile() => new(StatusCodes.Status400BadRequest, "no-file", "No file was uploaded",
        "Send the CSV file as the body with Content-Type text/csv, or as a multipart/form-data part named \"file\".");

    public static ImportProblem UnsupportedContentType(string? contentType) => new(StatusCodes.Status415UnsupportedMediaType, "unsupported-content-type", "Unsupported content type",
        $"Content-Type '{contentType}' is not accepted. Send the CSV file as text/csv, or as a part of multipart/form-data.");

    public static ImportProblem EmptyFile() => new(StatusCodes.Status400BadRequest, "empty-file", "The file is empty",
        "The file has no content. Export the leads again and upload a file with a header row (e.g. Name,Phone,Email) and one row per lead.");

    public static ImportProblem Binary(string kind) => new(StatusCodes.Status415UnsupportedMediaType, "not-csv", "The file is not a CSV file",
        $"The file looks like {kind}, not comma-separated text. {SaveAsCsv}");

    public static ImportProblem NulBytes(long offset) => new(StatusCodes.Status400BadRequest, "nul-bytes", "The file contains NUL bytes",
        $"The file contains NUL (zero) bytes, first at byte {offset:N0}; text files do not. The file is damaged, or was saved in an encoding other than UTF-8, UTF-16 with a byte order mark or Windows-1252. {SaveAsCsv}");

    public static ImportProblem TooManyColumns(int columns, int limit) => new(StatusCodes.Status400BadRequest, "too-many-columns", "The file has too many columns",
        $"The header row has {columns:N0} columns; at most {limit:N0} are supported. Remove the columns you do not need to import (or check the separator: a file read with the wrong one can look like this).");

    public static ImportProblem NoHeaderRow(string value) => new(StatusCodes.Status400BadRequest, "no-header-row", "The file has no header row",
        $"The first row looks like data ('{Shorten(value)}'), not column names. Add a header row such as Name,Phone,Email,Company,Timezone (download GET /api/imports/template.csv for one).");

    public static ImportProblem DuplicateHeaders(IReadOnlyList<(string Name, int[] Columns)> duplicates) => new(StatusCodes.Status400BadRequest, "duplicate-headers", "Column names are repeated",
        "Each column needs its own name, so it can be mapped. Repeated: " +
        string.Join("; ", duplicates.Select(d => $"'{Shorten(d.Name)}' in columns {string.Join(", ", d.Columns)}")) + ". Rename or remove the repeated columns.");

    public static ImportProblem HeaderOnly(string[] headers) => new(StatusCodes.Status400BadRequest, "no-data-rows", "The file has no rows of leads",
        $"The file has a header row ({Shorten(string.Join(", ", headers))}) but no rows below it. Add one row per lead.");

    public static ImportProblem UnterminatedQuote(long record, long line) => new(StatusCodes.Status400BadRequest, "unterminated-quote", "A quote is never closed",
        $"The quoted value that starts on line {line:N0} is never closed, so the rest of the file would be read as one value. Close the quote (a quote inside a quoted value is written twice: \"\") or remove it, then upload again.");

    public static ImportProblem RaggedRows(int headerFields, IReadOnlyList<(long Line, int Fields)> rows) => new(StatusCodes.Status400BadRequest, "ragged-rows", "Rows do not match the header",
        $"The header has {headerFields} columns, but " + string.Join("; ", rows.Select(r => $"line {r.Line:N0} has {r.Fields}")) +
        ". Values would land in the wrong columns. Quote values that contain the separator, and give every row the same number of columns.");

    public static ImportProblem RecordTooLong(long line, int limit) => new(StatusCodes.Status400BadRequest, "record-too-long", "A row is too long",
        $"A row{(line > 0 ? $" starting on line {line:N0}" : "")} is longer than {limit:N0} bytes. Usually a quote is never closed; otherwise shorten the row.");

    public static ImportProblem NotFound(Guid id) => new(StatusCodes.Status404NotFound, "import-not-found", "Import not found",
        $"There is no import with id {id}. Upload the file with POST /api/imports first.");

    public static ImportProblem MappingRequired(Guid id) => new(StatusCodes.Status409Conflict, "mapping-required", "Map the columns first",
        $"Import {id} has no column mapping yet. Send it with PUT /api/imports/{id}/mapping.");

    public static ImportProblem WrongStatus(Guid id, string status, string action) => new(StatusCodes.Status409Conflict, "import-" + status, $"The import is {status}",
        $"Import {id} is {status}; it cannot {action} any more. Upload the file again to start a new import.");

    public static ImportProblem StoredFileMissing(Guid id) => new(StatusCodes.Status410Gone, "file-gone", "The uploaded file is gone",
        $"The file of import {id} is no longer stored (the service's storage was cleared). Upload it again.");

    public static ImportProblem CustomFieldTypeConflict(Guid id, string column, string field, string existingType, string type) => new(StatusCodes.Status409Conflict, "custom-field-type-conflict", "A custom field exists with another type",
        $"Column '{column}' is mapped to create the custom field '{field}' as {type}, but '{field}' exists as {existingType.ToLowerInvariant()} (created since the mapping was saved). " +
        $"Map the column to custom:{field} or ignore it with PUT /api/imports/{id}/mapping, then confirm again. No custom field was created and no row was written.");

    static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
