using LeadDialer.Import.Data;
using LeadDialer.Import.Files;
using LeadDialer.Import.Leads;
using LeadDialer.Import.Rows;

namespace LeadDialer.Import.Preview;

/// <summary>"Review and confirm": what confirming the import would do, counted over the whole file, and the custom fields it creates.</summary>
public sealed record ImportPreview(
    Guid ImportId,
    long TotalRows,
    long Leads,
    long InvalidPhones,
    long Rejected,
    long DuplicatesInFile,
    long DuplicatesExisting,
    long RewrittenNumbers,
    string? DefaultRegion,
    IReadOnlyList<NewCustomField> NewCustomFields,
    PreviewSamples Samples,
    IReadOnlyDictionary<string, string> DuplicatePolicies,
    string RejectedCsv,
    string RewrittenCsv);

public sealed record PreviewSamples(
    IReadOnlyList<SampleLead> Leads,
    IReadOnlyList<SampleProblem> InvalidPhones,
    IReadOnlyList<SampleProblem> Rejected,
    IReadOnlyList<SampleDuplicate> DuplicatesInFile,
    IReadOnlyList<SampleDuplicate> DuplicatesExisting,
    IReadOnlyList<SampleRewrite> RewrittenNumbers);

public sealed record SampleLead(long Row, string Name, string Phone, string Email, string? Company, string? Timezone, IReadOnlyDictionary<string, string> CustomFields);

public sealed record SampleProblem(long Row, string Phone, string Reason);

public sealed record SampleDuplicate(long Row, string Phone, long? FirstRow);

public sealed record SampleRewrite(long Row, string Original, string Phone);

public static class ImportPreviewCalculator
{
    const int Samples = 10;

    public static readonly IReadOnlyDictionary<string, string> Policies = new Dictionary<string, string>
    {
        ["skip"] = "Rows whose phone is already a lead are left out; the existing lead stays as it is.",
        ["update"] = "The existing lead with that phone gets the row's name, email, company, time zone and custom fields; its status and attempts stay.",
    };

    public static async Task<ImportPreview> Compute(ImportJob job, LeadsDatabase leads, ImportOptions options, CancellationToken cancellationToken)
    {
        var existing = await ExistingPhones.Load(leads, exclude: null, cancellationToken);
        return Compute(job, existing, options, cancellationToken);
    }

    public static ImportPreview Compute(ImportJob job, HashSet<ulong> existing, ImportOptions options, CancellationToken cancellationToken)
    {
        var rows = new RowReader(job.Mapping!, job.DefaultRegion, job.Headers.Length);
        var dedupe = new Dedupe(existing, job.TotalRows);
        long total = 0, leadCount = 0, invalid = 0, rejected = 0, inFile = 0, existingCount = 0, rewritten = 0;
        var sLeads = new List<SampleLead>();
        var sInvalid = new List<SampleProblem>();
        var sRejected = new List<SampleProblem>();
        var sInFile = new List<SampleDuplicate>();
        var sExisting = new List<SampleDuplicate>();
        var sRewritten = new List<SampleRewrite>();

        using var reader = CsvFiles.Open(job.StoredPath, SniffResult.FromName(job.Encoding), job.Separator[0], options.MaxRecordBytes);
        while (reader.Read())
        {
            if ((++total & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = rows.Read(reader);
            switch (row.Kind)
            {
                case RowKind.Rejected:
                    rejected++;
                    Add(sRejected, new SampleProblem(row.Row, row.Phone, row.Reason!));
                    continue;
                case RowKind.InvalidPhone:
                    invalid++;
                    Add(sInvalid, new SampleProblem(row.Row, row.Phone, $"{row.Reason}: {row.PhoneWarning}"));
                    continue;
            }

            if (row.OriginalPhone is not null)
            {
                rewritten++;
                Add(sRewritten, new SampleRewrite(row.Row, row.OriginalPhone, row.Phone));
            }

            switch (dedupe.Check(row, out var firstRow))
            {
                case DuplicateKind.InFile:
                    inFile++;
                    Add(sInFile, new SampleDuplicate(row.Row, row.Phone, firstRow));
                    break;
                case DuplicateKind.Existing:
                    existingCount++;
                    Add(sExisting, new SampleDuplicate(row.Row, row.Phone, null));
                    break;
                default:
                    leadCount++;
                    Add(sLeads, new SampleLead(row.Row, row.Name, row.Phone, row.Email, row.Company, row.Timezone, row.CustomFields));
                    break;
            }
        }

        return new ImportPreview(job.Id, total, leadCount, invalid, rejected, inFile, existingCount, rewritten, job.DefaultRegion, NewCustomFields(job.Mapping!),
            new PreviewSamples(sLeads, sInvalid, sRejected, sInFile, sExisting, sRewritten), Policies,
            $"/api/imports/{job.Id}/rejected.csv", $"/api/imports/{job.Id}/rewritten.csv");
    }

    public static NewCustomField[] NewCustomFields(IEnumerable<MappedColumn> mapping) =>
        [.. mapping.Where(m => m.Create).Select(m => new NewCustomField(m.Column, m.FieldName!, m.FieldType!))];

    static void Add<T>(List<T> list, T item)
    {
        if (list.Count < Samples)
        {
            list.Add(item);
        }
    }
}
