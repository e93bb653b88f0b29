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
}
