namespace LeadDialer.Import.Data;

/// <summary>One uploaded file on its way from "Import CSV" through "Map your columns" and "Review and confirm" to leads.</summary>
public sealed class ImportJob
{
    public Guid Id { get; set; }

    public required string FileName { get; set; }

    public required string StoredPath { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>utf-8, utf-16LE, utf-16BE or windows-1252.</summary>
    public required string Encoding { get; set; }

    public required string Separator { get; set; }

    public string[] Headers { get; set; } = [];

    public string[][] SampleRows { get; set; } = [];

    public ColumnSuggestion[] SuggestedMapping { get; set; } = [];

    /// <summary>Set by <c>PUT /mapping</c>; the custom field types are kept with it so the run needs no lookup.</summary>
    public MappedColumn[]? Mapping { get; set; }

    public string? DefaultRegion { get; set; }

    /// <summary>One of <see cref="ImportStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>skip or update, chosen at confirm.</summary>
    public string? DuplicatePolicy { get; set; }

    /// <summary>Data rows in the file (the header not counted).</summary>
    public long TotalRows { get; set; }

    public long RowsDone { get; set; }

    public long Created { get; set; }

    /// <summary>Leads stored as failed because their phone number is not valid.</summary>
    public long Failed { get; set; }

    public long Rejected { get; set; }

    public long DuplicatesInFile { get; set; }

    public long DuplicatesExisting { get; set; }

    public long Updated { get; set; }

    /// <summary>The checkpoint: batches before this one are committed.</summary>
    public int NextBatch { get; set; }

    public int BatchSize { get; set; }

    /// <summary>The review of the current mapping, computed once.</summary>
    public string? Preview { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

public static class ImportStatus
{
    public const string Uploaded = "uploaded";
    public const string Mapped = "mapped";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>A column of the file, what it is suggested to hold, and why.</summary>
/// <param name="NewFieldName">For a column that is no lead field yet: the custom field <c>create:&lt;type&gt;</c> would create.</param>
/// <param name="NewFieldType">Its type, suggested from the column's values.</param>
public sealed record ColumnSuggestion(string Column, string Target, string? Note, string? NewFieldName = null, string? NewFieldType = null);

/// <summary>A column of the file and what it holds (<see cref="Mapping.MappingTarget"/>).</summary>
/// <param name="FieldType">For custom:&lt;field&gt; targets: text, number, date or boolean.</param>
/// <param name="Create">Mapped with create:&lt;type&gt;: the custom field is created in Leads on confirm.</param>
public sealed record MappedColumn(string Column, int Index, string Target, string? FieldType = null, bool Create = false)
{
    /// <summary>The custom field's name, for custom:&lt;field&gt; targets.</summary>
    public string? FieldName => Target.StartsWith(Mapping.MappingTarget.CustomPrefix, StringComparison.Ordinal) ? Target[Mapping.MappingTarget.CustomPrefix.Length..] : null;
}

/// <summary>A custom field confirming the import creates, from a column mapped to create:&lt;type&gt;.</summary>
public sealed record NewCustomField(string Column, string Name, string Type);

/// <summary>A row that did not become a lead, kept for <c>rejected.csv</c>.</summary>
public sealed class RejectedRow
{
    public Guid ImportId { get; set; }

    /// <summary>As a spreadsheet numbers it: the header is row 1.</summary>
    public long RowNumber { get; set; }

    public required string Reason { get; set; }

    public string[] Fields { get; set; } = [];
}
