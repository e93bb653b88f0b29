using LeadDialer.Leads.Phones;

namespace LeadDialer.UnitTests.Leads;

/// <summary>The guide's phone-format examples, both columns of its Quick Reference.</summary>
public sealed class PhoneNumberCheckSpecs
{
    [Theory]
    [InlineData("+12125551234")]
    [InlineData("+447911123456")]
    [InlineData("+8801977317066")]
    [InlineData("+14155551234")]
    public void Accepts_the_guides_correct_examples(string phone) => Assert.Equal(phone, PhoneNumberCheck.ToE164(phone));

    [Theory]
    [InlineData("212-555-1234")]
    [InlineData("(212) 555-1234")]
    [InlineData("01977317066")]
    [InlineData("5551234567")]
    [InlineData("+1 212 555 1234")]
    [InlineData("+1-212-555-1234")]
    [InlineData("+1234567890")] // E.164-shaped, but no such US number
    [InlineData("+")]
    [InlineData("")]
    [InlineData(null)]
    public void Rejects_what_is_not_a_valid_E164_number(string? phone) => Assert.Null(PhoneNumberCheck.ToE164(phone));
}
