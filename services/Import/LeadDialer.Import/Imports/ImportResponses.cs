using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Data;

namespace LeadDialer.Import.Imports;

public sealed record UploadResponse(
    Guid Id,
    string FileName,
    long SizeBytes,
    string Encoding,
    string Separator,
    long Rows,
    IReadOnlyList<string> Headers,
    IReadOnlyList<string[]> SampleRows,
    IReadOnlyList<ColumnSuggestion> SuggestedMapping,
    IReadOnlyList<CustomFieldDefinition> CustomFields);

/// <param name="NewCustomFields">The custom fields confirming creates (columns mapped to create:&lt;type&gt;).</param>
public sealed record MappingResponse(Guid Id, string Status, IReadOnlyList<MappedColumn> Mapping, IReadOnlyList<NewCustomField> NewCustomFields, string? DefaultRegion, string Preview);

public sealed record ConfirmRequest(string? DuplicatePolicy);

/// <summary>An import's progress: rows done of total, what they became, rate and time left.</summary>
public sealed record ImportProgress(
    Guid Id,
    string FileName,
    string Status,
    long TotalRows,
    long RowsDone,
    long Created,
    long Failed,
    long Rejected,
    long DuplicatesInFile,
    long DuplicatesExisting,
    long Updated,
    string? DuplicatePolicy,
    double? RowsPerSecond,
    double? EtaSeconds,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string RejectedCsv)
{
    public static ImportProgress From(ImportJob j, DateTimeOffset now)
    {
        double? rate = null, eta = null;
        if (j.StartedAt is { } started && j.RowsDone > 0)
        {
            var elapsed = ((j.CompletedAt ?? now) - started).TotalSeconds;
            rate = elapsed > 0 ? Math.Round(j.RowsDone / elapsed, 1) : null;
            eta = j.Status == ImportStatus.Running && rate > 0 ? Math.Round((j.TotalRows - j.RowsDone) / rate.Value, 1) : null;
        }

        return new ImportProgress(j.Id, j.FileName, j.Status, j.TotalRows, j.RowsDone, j.Created, j.Failed, j.Rejected, j.DuplicatesInFile,
            j.DuplicatesExisting, j.Updated, j.DuplicatePolicy, rate, eta, j.Error, j.CreatedAt, j.StartedAt, j.CompletedAt, $"/api/imports/{j.Id}/rejected.csv");
    }
}
