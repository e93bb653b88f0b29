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
}
