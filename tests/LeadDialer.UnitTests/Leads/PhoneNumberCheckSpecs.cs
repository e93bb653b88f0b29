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

/// <summary>Numbers from many countries, written as E.164 and as people write them.</summary>
public sealed class When_checking_phones_from_many_countries
{
    [Theory]
    [InlineData("+33612345678")] // France, mobile
    [InlineData("+4915123456789")] // Germany, mobile
    [InlineData("+919876543210")] // India
    [InlineData("+61412345678")] // Australia
    [InlineData("+5511987654321")] // Brazil
    [InlineData("+81312345678")] // Japan
    [InlineData("+2348031234567")] // Nigeria
    [InlineData("+16135550123")] // Canada
    public void Should_accept_valid_E164_numbers(string phone) => Assert.Equal(phone, PhoneNumberCheck.ToE164(phone));

    [Theory]
    [InlineData("0612345678")] // French national format: no country code
    [InlineData("+33 6 12 34 56 78")] // spaces
    [InlineData("0044 7911 123456")] // international prefix instead of +
    [InlineData("+44791112345678901")] // too long for E.164
    [InlineData("+44abc7911123456")]
    public void Should_refuse_numbers_not_written_in_E164(string phone) => Assert.Null(PhoneNumberCheck.ToE164(phone));
}
