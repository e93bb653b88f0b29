using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Mapping;
using LeadDialer.Import.Preview;

namespace LeadDialer.UnitTests.Import;

/// <summary>"Map your columns": the suggestion from real-world headers, and every way a mapping can be wrong.</summary>
public sealed class MappingSpecs
{
    static readonly string[] Headers = ["Full Name", "Mobile", "E-mail", "Organisation", "Time Zone", "Job Title", "Score", "Budget", "Phone", "Rank"];
    static readonly CustomFieldDefinition[] Fields = [new("score", "number", null), new("rank", "text", null)];
    static readonly string[][] Rows =
    [
        ["Ada", "+12125551234", "ada@example.com", "Engines", "UTC", "CTO", "7", "5000", "+12125551235", "1"],
        ["Bob", "+12125551236", "bob@example.com", "Looms", "UTC", "", "8", "12500.50", "", "2"],
    ];

    [Fact]
    public void Header_synonyms_are_suggested_and_unknown_columns_offered_as_new_custom_fields()
    {
        var suggested = HeaderSynonyms.Suggest(Headers, Fields, Rows).ToDictionary(s => s.Column);

        Assert.Equal("name", suggested["Full Name"].Target);
        Assert.Equal("phone", suggested["Mobile"].Target);
        Assert.Equal("email", suggested["E-mail"].Target);
        Assert.Equal("company", suggested["Organisation"].Target);
        Assert.Equal("timezone", suggested["Time Zone"].Target);
        Assert.Equal("custom:score", suggested["Score"].Target);
        // A column no lead field takes: a new custom field named after it, typed by its values.
        Assert.Equal("create:text", suggested["Job Title"].Target);
        Assert.Equal(("job_title", "text"), (suggested["Job Title"].NewFieldName, suggested["Job Title"].NewFieldType));
        Assert.Contains("'job_title'", suggested["Job Title"].Note);
        Assert.Equal("create:number", suggested["Budget"].Target);
        Assert.Equal(("budget", "number"), (suggested["Budget"].NewFieldName, suggested["Budget"].NewFieldType));
        // A second phone column is only offered as a new field; the first one is the phone.
        Assert.Equal("ignore", suggested["Phone"].Target);
        Assert.Equal("lead_phone", suggested["Phone"].NewFieldName);
        Assert.Contains("phone comes from another column", suggested["Phone"].Note);
        Assert.Equal("custom:rank", suggested["Rank"].Target);
    }

    [Fact]
    public void Create_maps_a_column_to_a_new_field_named_as_the_custom_field_rules_require()
    {
        string[] headers = ["Full Name", "Mobile", "E-mail", "Product Interest", "Budget"];
        var errors = new MappingRequest(new(Good()) { ["Product Interest"] = "create:text", ["Budget"] = "CREATE:Number" }, null).Validate(headers, Fields, out var mapping);

        Assert.Empty(errors);
        var product = mapping.Single(m => m.Column == "Product Interest");
        Assert.Equal(("custom:product_interest", "text", true), (product.Target, product.FieldType, product.Create));
        var budget = mapping.Single(m => m.Column == "Budget");
        Assert.Equal(("custom:budget", "number", true), (budget.Target, budget.FieldType, budget.Create));
        Assert.Equal(["product_interest", "budget"], ImportPreviewCalculator.NewCustomFields(mapping).Select(f => f.Name));
    }

    [Fact]
    public void Create_of_a_field_that_exists_with_the_same_type_uses_it()
    {
        var errors = new MappingRequest(new(Good()) { ["Score"] = "create:number" }, null).Validate(Headers, Fields, out var mapping);

        Assert.Empty(errors);
        var score = mapping.Single(m => m.Column == "Score");
        Assert.Equal(("custom:score", false), (score.Target, score.Create));
    }

    [Fact]
    public void Create_of_a_field_that_exists_with_another_type_is_refused_saying_which() =>
        Assert.Contains("'score' already exists as number", Validate(new(Good()) { ["Score"] = "create:date" })["columns.Score"][0]);

    [Fact]
    public void Create_with_a_type_that_does_not_exist_is_refused_naming_the_types() =>
        Assert.Contains("create:text, create:number, create:date, create:boolean", Validate(new(Good()) { ["Job Title"] = "create:money" })["columns.Job Title"][0]);

    [Fact]
    public void Two_columns_creating_the_same_field_are_refused()
    {
        string[] headers = ["Full Name", "Mobile", "E-mail", "Budget", "budget!"];
        var errors = new MappingRequest(new(Good()) { ["Budget"] = "create:number", ["budget!"] = "create:number" }, null).Validate(headers, [], out _);

        Assert.Contains("Only one column can be mapped to custom:budget", errors["columns"][0]);
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
