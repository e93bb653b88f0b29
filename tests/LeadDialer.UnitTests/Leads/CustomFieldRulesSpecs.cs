using System.Text.Json;
using LeadDialer.Contracts.CustomFields;
using LeadDialer.Leads.CustomFields;

namespace LeadDialer.UnitTests.Leads;

public sealed class CustomFieldRulesSpecs
{
    static readonly Dictionary<string, string> Fields = new()
    {
        ["job_title"] = CustomFieldTypes.Text,
        ["deal_size"] = CustomFieldTypes.Number,
        ["follow_up"] = CustomFieldTypes.Date,
        ["vip"] = CustomFieldTypes.Boolean,
    };

    [Theory]
    [InlineData("address")]
    [InlineData("job_title")]
    [InlineData("ProductInterest2")]
    [InlineData("a")]
    public void Should_accept_names_usable_as_Retell_variables_and_Vapi_placeholders(string name) => Assert.Null(CustomFieldRules.CheckName(name));

    [Theory]
    [InlineData("Job Title!", "job_title")]
    [InlineData("product-interest", "product_interest")]
    [InlineData("2nd_phone", "field_2nd_phone")]
    [InlineData("{{address}}", "address")]
    public void Should_refuse_other_names_showing_an_accepted_one(string name, string suggestion)
    {
        var error = CustomFieldRules.CheckName(name);

        Assert.NotNull(error);
        Assert.Contains("letters, digits and underscores", error);
        Assert.Contains(suggestion, error);
        Assert.Null(CustomFieldRules.CheckName(suggestion));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("first_name")]
    [InlineData("last_name")]
    [InlineData("email")]
    [InlineData("phone")]
    [InlineData("company")]
    [InlineData("timezone")]
    [InlineData("customer_name")]
    [InlineData("email_address")]
    [InlineData("phone_number")]
    [InlineData("company_name")]
    [InlineData("Email")]
    public void Should_refuse_names_of_standard_fields_in_Vapi_and_Retell_spelling(string name) =>
        Assert.Contains("standard field", CustomFieldRules.CheckName(name));

    [Fact]
    public void Should_refuse_an_unknown_type_listing_the_known_ones() =>
        Assert.Contains("text, number, date, boolean", CustomFieldRules.CheckType("currency"));

    [Fact]
    public void Should_accept_values_of_each_type_and_normalise_them()
    {
        var errors = new Dictionary<string, string[]>();

        var values = CustomFieldRules.CheckValues(
            [new("job_title", "CTO"), new("deal_size", " 1250.50 "), new("follow_up", "2026-12-01"), new("vip", "True")], Fields, errors);

        Assert.Empty(errors);
        Assert.Equal("CTO", values["job_title"]);
        Assert.Equal("1250.50", values["deal_size"]);
        Assert.Equal("2026-12-01", values["follow_up"]);
        Assert.Equal("true", values["vip"]);
    }

    [Theory]
    [InlineData("deal_size", "lots", "e.g. 42")]
    [InlineData("deal_size", "1,250", "e.g. 42")]
    [InlineData("deal_size", "1e3", "no exponent")]
    [InlineData("follow_up", "2026-02-30", "yyyy-MM-dd")]
    [InlineData("follow_up", "31/12/2026", "month first")]
    [InlineData("vip", "maybe", "true or false")]
    public void Should_refuse_a_value_of_the_wrong_type_saying_how_to_write_it(string field, string value, string hint)
    {
        var errors = new Dictionary<string, string[]>();

        CustomFieldRules.CheckValues([new(field, value)], Fields, errors);

        Assert.Contains(hint, Assert.Single(errors[$"customFields.{field}"]));
    }

    [Fact]
    public void Should_refuse_an_unknown_field_listing_the_known_ones()
    {
        var errors = new Dictionary<string, string[]>();

        CustomFieldRules.CheckValues([new("jobtitle", "CTO")], Fields, errors);

        var message = Assert.Single(errors["customFields.jobtitle"]);
        Assert.Contains("job_title, deal_size, follow_up, vip", message);
        Assert.Contains("POST /api/custom-fields", message);
    }

    [Fact]
    public void Should_treat_null_as_clearing_a_value()
    {
        var errors = new Dictionary<string, string[]>();

        var values = CustomFieldRules.CheckValues([new("deal_size", null), new("vip", "")], Fields, errors);

        Assert.Empty(errors);
        Assert.Null(values["deal_size"]);
        Assert.Null(values["vip"]);
    }

    [Fact]
    public void Should_take_JSON_scalars_as_text_and_refuse_lists_and_objects()
    {
        var errors = new Dictionary<string, string[]>();
        var json = new Dictionary<string, JsonElement>
        {
            ["deal_size"] = JsonSerializer.SerializeToElement(7),
            ["vip"] = JsonSerializer.SerializeToElement(true),
            ["job_title"] = JsonSerializer.SerializeToElement("CTO"),
            ["tags"] = JsonSerializer.SerializeToElement(new[] { "a" }),
        };

        var text = CustomFieldRules.AsText(json, errors).ToDictionary();

        Assert.Equal(new Dictionary<string, string?> { ["deal_size"] = "7", ["vip"] = "true", ["job_title"] = "CTO" }, text);
        Assert.Contains("not a list or object", Assert.Single(errors["customFields.tags"]));
    }
}
