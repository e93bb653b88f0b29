using System.Text;
using CsvHelper;
using LeadDialer.Import.Imports;

namespace LeadDialer.Import.Files;

/// <summary>What a full read of an uploaded file found: its shape, or the first thing that makes it unusable.</summary>
public sealed record CsvFileShape(char Separator, string[] Headers, string[][] SampleRows, long DataRows);

/// <summary>
/// Reads a stored upload once from end to end with CsvHelper: the header must be a header, every
/// row must have as many fields as it, no quote may stay open. Cheap (about a second for a
/// million rows) and it means the later passes cannot meet a structural surprise.
/// </summary>
public static class CsvFileCheck
{
    const int ReportedRows = 5;

    public static ImportProblem? Check(string path, Encoding encoding, ImportOptions options, out CsvFileShape? shape)
    {
        shape = null;
        var mismatched = new List<CsvMalformedRecord>();
        CsvMalformedRecord? unterminated = null;
        void OnMalformed(CsvMalformedRecord record)
        {
            if (record.Reason == CsvMalformedReason.UnterminatedQuote)
            {
                unterminated ??= record;
            }
            else if (record.Reason == CsvMalformedReason.FieldCountMismatch && mismatched.Count < ReportedRows)
            {
                mismatched.Add(record);
            }
        }

        using var reader = CsvFiles.Open(path, encoding, separator: null, options.MaxRecordBytes, OnMalformed, trackLines: true);
        string[] headers;
        try
        {
            reader.ReadHeader();
            headers = reader.Headers.ToArray();
        }
        catch (CsvFormatException ex)
        {
            return TooLong(ex, options);
        }

        if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            return ImportProblems.EmptyFile();
        }

        if (headers.Length > options.MaxColumns)
        {
            return ImportProblems.TooManyColumns(headers.Length, options.MaxColumns);
        }

        if (LooksLikeData(headers) is { } value)
        {
            return ImportProblems.NoHeaderRow(value);
        }

        var duplicates = headers.Select((h, i) => (Name: h.Trim(), Column: i + 1))
            .Where(h => h.Name.Length > 0)
            .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .ToList();
        if (duplicates.Count > 0)
        {
            return ImportProblems.DuplicateHeaders(duplicates.Select(g => (g.Key, g.Select(h => h.Column).ToArray())).ToList());
        }

        // A byte order mark that reached the first name (a BOM after a sep= line, or doubled) is not part of it.
        headers = headers.Select((h, i) => h.Trim().Trim('\uFEFF') is { Length: > 0 } name ? name : $"Column {i + 1}").ToArray();
        var samples = new List<string[]>();
        long rows = 0;
        try
        {
            while (reader.Read())
            {
                rows++;
                if (samples.Count < options.SampleRows)
                {
                    var row = new string[headers.Length];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.GetString(i);
                    }

                    samples.Add(row);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            return TooLong(ex, options);
        }

        if (unterminated is { } open)
        {
            return ImportProblems.UnterminatedQuote(open.RecordNumber, open.LineNumber);
        }

        if (mismatched.Count > 0)
        {
            return ImportProblems.RaggedRows(headers.Length, mismatched.Select(m => (m.LineNumber, FieldCount(m.RawRecord, reader.Separator))).ToList());
        }

        if (rows == 0)
        {
            return ImportProblems.HeaderOnly(headers);
        }

        shape = new CsvFileShape(reader.Separator, headers, samples.ToArray(), rows);
        return null;
    }

    static ImportProblem TooLong(CsvFormatException ex, ImportOptions options) =>
        ImportProblems.RecordTooLong(ex.LineNumber, options.MaxRecordBytes);

    // A header row holds names. A first row with an email address, a phone number or a plain
    // number in it is data: the file has no header row.
    static string? LooksLikeData(string[] headers)
    {
        foreach (var header in headers)
        {
            var h = header.Trim();
            if (h.Contains('@') && h.Contains('.'))
            {
                return h;
            }

            var digits = h.Count(char.IsAsciiDigit);
            if (h.Length > 0 && digits >= 7 && digits >= h.Length / 2)
            {
                return h;
            }
        }

        return null;
    }

    static int FieldCount(string raw, char separator)
    {
        using var reader = CsvReader.FromText(raw, CsvReaderOptions.Default with { HasHeader = false, Separator = separator, AllowLineBreaksInQuotes = true });
        return reader.Read() ? reader.FieldCount : 0;
    }
}
