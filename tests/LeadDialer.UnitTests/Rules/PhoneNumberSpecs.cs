using LeadDialer.Rules;

namespace LeadDialer.UnitTests.Rules;

/// <summary>The guide's phone format: E.164 as written, possible for its country (libphonenumber); unassigned ranges warn.</summary>
public sealed class PhoneNumberSpecs
{
    [Theory]
    [InlineData("+12125551234")]
    [InlineData("+447911123456")]
    [InlineData("+8801977317066")]
    [InlineData("+14155551234")]
    [InlineData(" +12125551234 ")]
    public void Accepts_the_guides_correct_examples_without_a_warning(string phone)
    {
        Assert.True(PhoneNumber.TryParse(phone, out var number, out _));
        Assert.Equal(phone.Trim(), number.E164);
        Assert.Null(number.Warning);
    }

    [Fact]
    public void Accepts_the_guides_own_555_example_with_a_warning_that_says_why()
    {
        Assert.True(PhoneNumber.TryParse("+15551234567", out var number, out _));

        Assert.Equal("+15551234567", number.E164);
        Assert.Contains("+1 (US)", number.Warning);
        Assert.Contains("555", number.Warning);
        Assert.Contains("\"Phone number does not exist\"", number.Warning);
    }

    [Theory]
    [InlineData("+1234567890", "'+1234567890' has 9 digits after the country code +1; numbers of +1 (US) have 10")]
    [InlineData("+1999", "'+1999' has 3 digits after the country code +1")]
    [InlineData("212-555-1234", "does not start with + and the country code")]
    [InlineData("01977317066", "does not start with + and the country code")]
    [InlineData("5551234567", "does not start with + and the country code")]
    [InlineData("+1 212 555 1234", "characters other than digits after the +")]
    [InlineData("+1-212-555-1234", "characters other than digits after the +")]
    [InlineData("+44abc7911123456", "characters other than digits after the +")]
    [InlineData("+44791112345678901", "has 17 digits; E.164 allows at most 15")]
    [InlineData("+", "has no digits after the +")]
    [InlineData("+9991234567", "does not start with a country calling code")]
    [InlineData("", "No phone number")]
    [InlineData(null, "No phone number")]
    public void Refuses_what_is_not_a_possible_E164_number_saying_why(string? phone, string why)
    {
        Assert.False(PhoneNumber.TryParse(phone, out _, out var error));
        Assert.Contains(why, error);
    }

    [Fact]
    public void A_refusal_carries_the_catalogues_reason_and_the_guides_format() =>
        Assert.Equal(
            "Invalid phone number format: 'x' does not start with + and the country code (e.g. +12125551234, not 2125551234). Phone numbers must be in E.164 format: + followed by country code and number, no spaces or dashes, e.g. +12125551234 (US), +447911123456 (UK), +8801977317066 (Bangladesh).",
            PhoneNumber.TryParse("x", out _, out var why) ? null : PhoneNumber.Refusal(why));

    [Theory]
    [InlineData("(212) 555-1234", "+12125551234")]
    [InlineData("+1 212-555-1234", "+12125551234")]
    [InlineData("212.555.1234", "+12125551234")]
    public void With_a_default_region_reads_numbers_as_people_write_them(string phone, string e164)
    {
        Assert.True(PhoneNumber.TryParse(phone, "US", out var number, out _));
        Assert.Equal(e164, number.E164);
    }

    [Fact]
    public void With_a_default_region_an_impossible_number_still_fails_saying_why()
    {
        Assert.False(PhoneNumber.TryParse("555-1234", "US", out _, out var why));
        Assert.Contains("a local number without its area code", why);
    }
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
    public void Should_accept_valid_E164_numbers(string phone)
    {
        Assert.True(PhoneNumber.TryParse(phone, out var number, out _));
        Assert.Equal(phone, number.E164);
        Assert.Null(number.Warning);
    }

    [Theory]
    [InlineData("0612345678")] // French national format: no country code
    [InlineData("+33 6 12 34 56 78")] // spaces
    [InlineData("0044 7911 123456")] // international prefix instead of +
    [InlineData("+44791112345678901")] // too long for E.164
    [InlineData("+44abc7911123456")]
    public void Should_refuse_numbers_not_written_in_E164(string phone) => Assert.False(PhoneNumber.TryParse(phone, out _, out _));
}
