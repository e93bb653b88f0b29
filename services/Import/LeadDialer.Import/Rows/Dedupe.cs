namespace LeadDialer.Import.Rows;

public enum DuplicateKind
{
    None,
    InFile,
    Existing,
}

/// <summary>Duplicates by normalized phone: within the file (the first row wins) and against the leads already stored.</summary>
public sealed class Dedupe(HashSet<ulong> existing)
{
    readonly Dictionary<ulong, long> _firstRow = [];

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
