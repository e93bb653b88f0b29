using System.Text.Json;
using LeadDialer.Leads.Leads;

namespace LeadDialer.UnitTests.Leads;

public sealed class AddLeadRequestSpecs
{
    static AddLeadRequest Valid(string? timezone = null, Dictionary<string, JsonElement>? customFields = null) =>
        new("Ada Lovelace", "+12125551234", "ada@example.com", "Analytical Engines", timezone, customFields);

    [Fact]
    public void A_complete_lead_has_no_errors() => Assert.Empty(Valid("Europe/London").Validate());

    [Fact]
    public void Name_phone_and_email_are_required_each_with_its_own_message()
    {
        var errors = new AddLeadRequest(" ", null, "", null, null, null).Validate();

        Assert.Equal(["email", "name", "phone"], errors.Keys.Order());
        Assert.Contains("E.164", errors["phone"][0]);
    }

    [Fact]
    public void A_badly_formatted_phone_is_not_a_request_error_the_lead_is_stored_as_failed() =>
        Assert.Empty((Valid() with { Phone = "212-555-1234" }).Validate());

    [Theory]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("Ada <ada@example.com>")]
    public void An_email_that_is_not_an_address_is_named(string email) =>
        Assert.Contains(email, (Valid() with { Email = email }).Validate()["email"][0]);

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Eastern Standard Time")]
    public void A_timezone_must_be_an_IANA_name(string timezone) =>
        Assert.Contains("IANA", Valid(timezone).Validate()["timezone"][0]);

    [Fact]
    public void Custom_field_names_must_be_usable_as_provider_variables()
    {
        var fields = new Dictionary<string, JsonElement>
        {
            ["job_title"] = JsonSerializer.SerializeToElement("CTO"),
            ["Job Title!"] = JsonSerializer.SerializeToElement("CTO"),
            ["tags"] = JsonSerializer.SerializeToElement(new[] { "a" }),
        };

        var errors = Valid(customFields: fields).Validate();

        Assert.Equal(["customFields.Job Title!", "customFields.tags"], errors.Keys.Order());
        Assert.Contains("job_title", errors["customFields.Job Title!"][0]);
    }

    [Fact]
    public void Custom_field_values_are_sent_as_text()
    {
        var fields = new Dictionary<string, JsonElement>
        {
            ["score"] = JsonSerializer.SerializeToElement(7),
            ["vip"] = JsonSerializer.SerializeToElement(true),
            ["note"] = JsonSerializer.SerializeToElement("call after 5"),
            ["empty"] = JsonSerializer.SerializeToElement<string?>(null),
        };

        var values = Valid(customFields: fields).CustomFieldValues();

        Assert.Equal(new Dictionary<string, string> { ["score"] = "7", ["vip"] = "true", ["note"] = "call after 5" }, values);
    }
}
