using LeadDialer.Import.Mapping;

namespace LeadDialer.UnitTests.Import;

/// <summary>A new custom field's type from a column's values: the narrowest one every value is, as the rows read them.</summary>
public sealed class FieldTypeSuggestionSpecs
{
    [Theory]
    [InlineData("number", new[] { "5000", "12500.50", "-3", "" })]
    [InlineData("number", new[] { "0", "1", "1" })]
    [InlineData("date", new[] { "2026-01-31", "2026-12-01" })]
    [InlineData("boolean", new[] { "yes", "no", "true", "1" })]
    [InlineData("boolean", new[] { "Y", "N" })]
    [InlineData("text", new[] { "Laptops", "Servers" })]
    [InlineData("text", new[] { "5000", "about 6000" })]
    [InlineData("text", new[] { "2026-01-31", "yes" })]
    [InlineData("text", new[] { "", "" })]
    [InlineData("text", new string[0])]
    public void Should_suggest_the_type_every_value_of_the_column_is(string type, string[] values) =>
        Assert.Equal(type, FieldTypeSuggestion.Suggest(values));

    [Fact]
    public void Should_suggest_only_types_the_rows_then_accept()
    {
        string[] values = ["5000", "12500.50"];
        var type = FieldTypeSuggestion.Suggest(values);

        // The same parser the import's rows use: every value the suggestion saw is valid for the type.
        var reader = new LeadDialer.Import.Rows.RowReader(
            [new("Name", 0, "name"), new("Phone", 1, "phone"), new("Email", 2, "email"), new("Budget", 3, "custom:budget", type, Create: true)], null, 4);
        foreach (var value in values)
        {
            using var csv = CsvHelper.CsvReader.FromText($"Name,Phone,Email,Budget\r\nAda,+12125551234,ada@example.com,{value}\r\n");
            Assert.True(csv.Read());
            var row = reader.Read(csv);
            Assert.Equal(LeadDialer.Import.Rows.RowKind.Lead, row.Kind);
            Assert.Equal(value, row.CustomFields["budget"]);
        }
    }
}
