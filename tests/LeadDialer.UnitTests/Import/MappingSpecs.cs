using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Mapping;

namespace LeadDialer.UnitTests.Import;

/// <summary>"Map your columns": the suggestion from real-world headers, and every way a mapping can be wrong.</summary>
public sealed class MappingSpecs
{
    static readonly string[] Headers = ["Full Name", "Mobile", "E-mail", "Organisation", "Time Zone", "Job Title", "Score"];
    static readonly CustomFieldDefinition[] Fields = [new("score", "number", null)];

    [Fact]
    public void Header_synonyms_are_suggested_and_unknown_columns_offered_as_new_custom_fields()
    {
        var suggested = HeaderSynonyms.Suggest(Headers, Fields).ToDictionary(s => s.Column);

        Assert.Equal("name", suggested["Full Name"].Target);
        Assert.Equal("phone", suggested["Mobile"].Target);
        Assert.Equal("email", suggested["E-mail"].Target);
        Assert.Equal("company", suggested["Organisation"].Target);
        Assert.Equal("timezone", suggested["Time Zone"].Target);
        Assert.Equal("custom:score", suggested["Score"].Target);
        Assert.Equal("ignore", suggested["Job Title"].Target);
        Assert.Contains("custom:job_title", suggested["Job Title"].Note);
    }

    static Dictionary<string, string[]> Validate(Dictionary<string, string> columns, string? region = null) =>
        new MappingRequest(columns, region).Validate(Headers, Fields, out _);

    static Dictionary<string, string> Good() => new() { ["Full Name"] = "name", ["Mobile"] = "phone", ["E-mail"] = "email" };

    [Fact]
    public void A_complete_mapping_keeps_each_custom_fields_type()
    {
        var errors = new MappingRequest(new(Good()) { ["Score"] = "custom:score", ["Job Title"] = "ignore" }, "us").Validate(Headers, Fields, out var mapping);

        Assert.Empty(errors);
        Assert.Equal("number", mapping.Single(m => m.Target == "custom:score").FieldType);
        Assert.DoesNotContain(mapping, m => m.Column == "Job Title");
    }

    [Fact]
    public void Two_columns_mapped_to_phone_are_refused() =>
        Assert.Contains("Only one column can be mapped to phone", Validate(new(Good()) { ["Organisation"] = "phone" })["columns"][0]);

    [Theory]
    [InlineData("name")]
    [InlineData("phone")]
    [InlineData("email")]
    public void A_required_field_left_unmapped_is_refused(string required)
    {
        var columns = Good().Where(kv => kv.Value != required).ToDictionary();
        Assert.Contains($"No column is mapped to {required}", Validate(columns)[required][0]);
    }

    [Fact]
    public void An_unknown_custom_field_is_refused_naming_the_defined_ones() =>
        Assert.Contains("There is no custom field 'job_title'. Defined: score", Validate(new(Good()) { ["Job Title"] = "custom:job_title" })["columns.Job Title"][0]);

    [Fact]
    public void A_column_the_file_does_not_have_is_refused() =>
        Assert.Contains("The file has no column 'Phone2'", Validate(new(Good()) { ["Phone2"] = "ignore" })["columns.Phone2"][0]);

    [Fact]
    public void A_target_that_does_not_exist_is_refused() =>
        Assert.Contains("is not a target", Validate(new(Good()) { ["Organisation"] = "employer" })["columns.Organisation"][0]);

    [Fact]
    public void An_unknown_default_region_is_refused() =>
        Assert.Contains("not a region", Validate(Good(), "XX")["defaultRegion"][0]);
}
