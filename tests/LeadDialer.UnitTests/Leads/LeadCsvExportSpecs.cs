using System.Text;
using CsvHelper;
using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Leads;

namespace LeadDialer.UnitTests.Leads;

public sealed class LeadCsvExportSpecs
{
    [Fact]
    public void Should_make_cells_that_start_a_formula_safe_for_spreadsheets()
    {
        var lead = new Lead
        {
            Id = Guid.Parse("0193a5c4-0000-7000-8000-000000000001"),
            Name = "=HYPERLINK(\"http://evil\",\"click\")",
            Phone = "+12125551234",
            Email = "@ada@example.com",
            Company = "-2+3",
            Status = LeadStatus.Pending,
            CustomFields = new() { ["note"] = "plain, with comma" },
        };

        var text = Write(lead, ["note"]);

        var row = text.Split("\r\n")[1];
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\"", row);
        Assert.Contains("'+12125551234", row);
        Assert.Contains("'@ada@example.com", row);
        Assert.Contains("'-2+3", row);
        Assert.Contains("\"plain, with comma\"", row);
        Assert.DoesNotContain(",=", row);
    }

    [Fact]
    public void Should_write_a_header_with_every_custom_field_after_the_standard_ones()
    {
        var lead = new Lead { Name = "Ada", Phone = "+12125551234", Email = "ada@example.com", Status = LeadStatus.Failed };

        var header = Write(lead, ["job_title", "vip"]).Split("\r\n")[0];

        Assert.StartsWith("id,name,phone,email,company,timezone,status,attempts", header);
        Assert.EndsWith(",job_title,vip", header);
    }

    static string Write(Lead lead, string[] customFields)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, LeadCsvExport.Options, leaveOpen: true))
        {
            csv.WriteRecord(LeadCsvExport.Header(customFields));
            csv.WriteRecord(LeadCsvExport.Row(lead, customFields));
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
