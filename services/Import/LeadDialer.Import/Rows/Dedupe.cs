namespace LeadDialer.Import.Rows;

public enum DuplicateKind
{
    None,
    InFile,
    Existing,
}

/// <summary>Duplicates by normalized phone: within the file (the first row wins) and against the leads already stored.</summary>
/// <param name="expectedRows">The file's row count: sizing the table once avoids the doubled memory of growing it.</param>
public sealed class Dedupe(HashSet<ulong> existing, long expectedRows = 0)
{
    readonly Dictionary<ulong, long> _firstRow = new((int)Math.Min(expectedRows, 50_000_000));

    public DuplicateKind Check(LeadRow row, out long firstRow)
    {
        firstRow = 0;
        if (row.Kind != RowKind.Lead)
        {
            return DuplicateKind.None;
        }

        if (_firstRow.TryGetValue(row.PhoneKey, out firstRow))
        {
            return DuplicateKind.InFile;
        }

        _firstRow[row.PhoneKey] = row.Row;
        return existing.Contains(row.PhoneKey) ? DuplicateKind.Existing : DuplicateKind.None;
    }
}
