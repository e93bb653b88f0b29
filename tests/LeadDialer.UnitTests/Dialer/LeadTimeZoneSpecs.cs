using LeadDialer.Contracts;
using LeadDialer.Dialer.Schedule;

namespace LeadDialer.UnitTests.Dialer;

public sealed class LeadTimeZoneSpecs
{
    static LeadDetails Lead(string phone, string? timezone = null) => new("Ada", phone, "ada@example.com", null, timezone, new Dictionary<string, string>());

    [Fact]
    public void When_the_lead_has_a_timezone_Should_use_it_over_the_number() =>
        Assert.Equal("Europe/London", LeadTimeZone.Of(Lead("+12125550100", "Europe/London")));

    [Fact]
    public void When_the_number_maps_to_one_zone_Should_use_that_zone()
    {
        Assert.Equal("Asia/Dhaka", LeadTimeZone.Of(Lead("+8801977317066")));
        Assert.Equal("America/New_York", LeadTimeZone.Of(Lead("+12125551234")));
    }

    [Fact]
    public void When_the_number_spans_several_zones_Should_fall_back_to_the_account_default() =>
        // A US toll-free number is not tied to a place.
        Assert.Equal(LeadTimeZone.AccountDefault, LeadTimeZone.Of(Lead("+18005550100")));

    [Fact]
    public void When_the_timezone_field_is_not_a_zone_Should_infer_from_the_number() =>
        Assert.Equal("Asia/Dhaka", LeadTimeZone.Of(Lead("+8801977317066", "Mars/Olympus")));
}
