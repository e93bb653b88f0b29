using LeadDialer.Dialer.Compliance;

namespace LeadDialer.UnitTests.Dialer.Compliance;

public sealed class ComplianceSettingsValidationSpecs
{
    [Fact]
    public void When_the_settings_are_sensible_Should_find_nothing_wrong() =>
        Assert.Empty(ComplianceSettingsApi.Validate(new(Preset: "Florida", Holidays: ["2026-12-25"], MaxCallsPerLocalDay: 0, OptOutPhrases: ["stop calling"])));

    [Fact]
    public void When_a_holiday_is_not_a_date_Should_say_which_and_the_format()
    {
        var errors = ComplianceSettingsApi.Validate(new(Holidays: ["2026-12-25", "Christmas"]));

        Assert.Equal("Not a date: 'Christmas'. Write holidays as \"yyyy-MM-dd\", e.g. \"2026-12-25\".", Assert.Single(errors["holidays"]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void When_a_cap_is_out_of_range_Should_give_the_range(int cap) =>
        Assert.Contains("between 1 and 100, or 0 for no cap", Assert.Single(ComplianceSettingsApi.Validate(new(MaxCallsPer24Hours: cap))["maxCallsPer24Hours"]));

    [Fact]
    public void When_the_preset_is_unknown_Should_list_the_known_ones() =>
        Assert.Contains("\"florida\"", Assert.Single(ComplianceSettingsApi.Validate(new(Preset: "texas"))["preset"]));

    // A lead's phone rule: spaces and dashes are refused as for a lead (they were removed before issue 15).
    [Theory]
    [InlineData("+12127365000", "+12127365000")]
    [InlineData(" +12127365000 ", "+12127365000")]
    [InlineData("'+447911123456", "+447911123456")]
    [InlineData("+1 212-736-5000", null)]
    [InlineData("2127365000", null)]
    [InlineData("+1999", null)]
    public void Do_not_call_numbers_are_normalised_to_E164_or_refused(string input, string? expected) =>
        Assert.Equal(expected, DoNotCallApi.TryParse(input, out var number, out _) ? number.E164 : null);
}
