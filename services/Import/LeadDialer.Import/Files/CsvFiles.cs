using System.Text;
using CsvHelper;

namespace LeadDialer.Import.Files;

/// <summary>How every pass over a stored upload reads it, so row numbers and batches are the same on every pass.</summary>
public static class CsvFiles
{
    public static CsvReader Open(string path, Encoding encoding, char? separator, int maxRecordBytes, Action<CsvMalformedRecord>? onMalformed = null, bool trackLines = false)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = true,
            Encoding = encoding,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MaxRecordSize = maxRecordBytes,
            FieldCountMismatch = onMalformed is null ? CsvFieldCountHandling.Allow : CsvFieldCountHandling.Skip,
            OnMalformedRecord = onMalformed,
            TrackLineNumbers = trackLines,
            BufferSize = 256 * 1024,
        };
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return CsvReader.Create(stream, options);
    }

    /// <summary>Up to <paramref name="count"/> data rows of a checked upload, every field as text.</summary>
    public static List<string[]> FirstRows(string path, Encoding encoding, char separator, int columns, int maxRecordBytes, int count)
    {
        var rows = new List<string[]>();
        using var reader = Open(path, encoding, separator, maxRecordBytes);
        while (rows.Count < count && reader.Read())
        {
            var row = new string[columns];
            for (var i = 0; i < columns; i++)
            {
                row[i] = reader.GetString(i) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
