using LeadDialer.Dialer.Settings;
using static LeadDialer.Dialer.Settings.CallingSettingsApi;

namespace LeadDialer.UnitTests.Dialer;

public sealed class CallingSettingsValidationSpecs
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(168)]
    public void A_retry_delay_from_1_to_168_hours_is_accepted(int hours) =>
        Assert.Empty(Validate(new CallingSettingsRequest(null, null, hours, null)));

    [Theory]
    [InlineData(0)]
    [InlineData(169)]
    [InlineData(-5)]
    public void A_retry_delay_outside_1_to_168_hours_is_refused_with_the_range(int hours)
    {
        var error = Assert.Single(Validate(new CallingSettingsRequest(null, null, hours, null)));

        Assert.Equal("retryDelayHours", error.Key);
        Assert.Contains("between 1 and 168 hours", error.Value[0]);
    }

    [Fact]
    public void Max_attempts_and_max_concurrent_calls_must_be_positive()
    {
        var errors = Validate(new CallingSettingsRequest(true, 0, null, 0));

        Assert.Equal(["maxAttempts", "maxConcurrentCalls"], errors.Keys.Order());
    }

    [Fact]
    public void Leaving_every_field_out_changes_nothing_and_is_valid() =>
        Assert.Empty(Validate(new CallingSettingsRequest(null, null, null, null)));
}
