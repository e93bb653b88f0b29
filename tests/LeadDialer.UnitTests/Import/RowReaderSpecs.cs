using CsvHelper;
using LeadDialer.Import.Data;
using LeadDialer.Import.Rows;

namespace LeadDialer.UnitTests.Import;

/// <summary>One row through the mapping: the checks of "Add Lead", the custom field types, and the phone rule with and without a default region.</summary>
public sealed class RowReaderSpecs
{
    static readonly MappedColumn[] Mapping =
    [
        new("Name", 0, "name"), new("Phone", 1, "phone"), new("Email", 2, "email"), new("Company", 3, "company"),
        new("Timezone", 4, "timezone"), new("Score", 5, "custom:score", "number"), new("Since", 6, "custom:since", "date"), new("Vip", 7, "custom:vip", "boolean"),
    ];

    static LeadRow Read(string row, string? region = "US")
    {
        using var reader = CsvReader.FromText("Name,Phone,Email,Company,Timezone,Score,Since,Vip\r\n" + row + "\r\n", CsvReaderOptions.Default with { AllowLineBreaksInQuotes = true, TrimWhitespace = true });
        Assert.True(reader.Read());
        return new RowReader(Mapping, region, 8).Read(reader);
    }

    [Fact]
    public void A_national_number_is_rewritten_to_E164_with_the_default_region()
    {
        var row = Read("Ada,(212) 555-1234,ada@example.com,,,,,");
        Assert.Equal(RowKind.Lead, row.Kind);
        Assert.Equal("+12125551234", row.Phone);
        Assert.Equal("(212) 555-1234", row.OriginalPhone);
        Assert.Equal(2, row.Row);
    }

    [Fact]
    public void Without_a_default_region_only_E164_as_written_is_valid()
    {
        Assert.Equal(RowKind.InvalidPhone, Read("Ada,(212) 555-1234,ada@example.com,,,,,", region: null).Kind);
        var strict = Read("Ada,+12125551234,ada@example.com,,,,,", region: null);
        Assert.Equal(RowKind.Lead, strict.Kind);
        Assert.Null(strict.OriginalPhone);
    }

    [Fact]
    public void An_invalid_phone_becomes_a_failed_lead_with_the_guides_reason()
    {
        var row = Read("Ada,12345,ada@example.com,,,,,");
        Assert.Equal(RowKind.InvalidPhone, row.Kind);
        Assert.Equal("Invalid phone number format", row.Reason);
        Assert.Equal("12345", row.Phone);
    }

    [Theory]
    [InlineData(",+12125551234,ada@example.com,,,,,", "Missing name")]
    [InlineData("Ada,,ada@example.com,,,,,", "Missing phone")]
    [InlineData("Ada,+12125551234,,,,,,", "Missing email")]
    [InlineData("Ada,+12125551234,not-an-email,,,,,", "'not-an-email' is not an email address")]
    [InlineData("Ada,+12125551234,\"ada@\nexample.com\",,,,,", "is not an email address")]
    [InlineData("Ada,+12125551234,ada@example.com,,Mars/Olympus,,,", "'Mars/Olympus' is not an IANA time zone")]
    [InlineData("Ada,+12125551234,ada@example.com,,,many,,", "score 'many' is not a number")]
    [InlineData("Ada,+12125551234,ada@example.com,,,,yesterday,", "since 'yesterday' is not a date")]
    [InlineData("Ada,+12125551234,ada@example.com,,,,,maybe", "vip 'maybe' is not a boolean")]
    public void A_row_with_a_missing_or_invalid_value_is_rejected_with_the_reason(string row, string reason)
    {
        var read = Read(row);
        Assert.Equal(RowKind.Rejected, read.Kind);
        Assert.Contains(reason, read.Reason);
    }

    [Fact]
    public void Valid_values_are_kept_as_text_in_one_form()
    {
        var row = Read("\"Ada\r\nLovelace\",+12125551234,ada@example.com,Engines,America/New_York,3.5,2026-01-31,yes");
        Assert.Equal(RowKind.Lead, row.Kind);
        Assert.Equal("Ada Lovelace", row.Name);
        Assert.Equal("America/New_York", row.Timezone);
        Assert.Equal(new Dictionary<string, string> { ["score"] = "3.5", ["since"] = "2026-01-31", ["vip"] = "true" }, row.CustomFields);
    }
}
