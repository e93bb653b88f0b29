namespace LeadDialer.Import;

/// <summary>The Import service's limits and tuning, bound from the <c>Import</c> configuration section.</summary>
public sealed class ImportOptions
{
    /// <summary>The largest upload accepted; a larger one is answered with 413 naming this limit.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>Where uploaded files are kept until their import has run. Defaults to a folder under the system temp path.</summary>
    public string? StoragePath { get; set; }

    public int MaxColumns { get; set; } = 200;

    /// <summary>The longest record (bytes) read before the file is refused: an unclosed quote would otherwise swallow the rest of it.</summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024;

    /// <summary>Rows per committed batch: the unit of progress and of resuming.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>Leads per <c>LeadBatchReady</c> message handed to the Dialer.</summary>
    public int HandOverSize { get; set; } = 1_000;

    public int SampleRows { get; set; } = 5;

    public string ResolvedStoragePath => StoragePath is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "leaddialer-imports");
}
