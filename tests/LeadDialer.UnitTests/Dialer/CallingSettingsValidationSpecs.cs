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

    [Fact]
    public void A_calling_window_that_ends_before_it_starts_is_refused_with_how_to_fix_it()
    {
        var errors = Validate(new CallingSettingsRequest(null, null, null, null, CallingHoursStart: "20:00", CallingHoursEnd: "09:00"));

        Assert.Contains("must end after they start", Assert.Single(errors, e => e.Key == "callingHoursEnd").Value[0]);
    }

    [Fact]
    public void A_window_end_before_the_stored_start_is_refused_too()
    {
        var stored = CallingSettings.Defaults; // 09:00–20:00

        Assert.Contains("callingHoursEnd", Validate(new CallingSettingsRequest(null, null, null, null, CallingHoursEnd: "08:00"), stored).Keys);
    }

    [Fact]
    public void A_whole_day_window_is_00_00_to_24_00() =>
        Assert.Empty(Validate(new CallingSettingsRequest(null, null, null, null, CallingHoursStart: "00:00", CallingHoursEnd: "24:00")));

    [Fact]
    public void Unknown_days_times_and_zones_are_named_with_the_expected_form()
    {
        var errors = Validate(new CallingSettingsRequest(null, null, null, null, ["Monday", "Funday"], "9am", null, "Mars/Olympus"));

        Assert.Equal(["callingDays", "callingHoursStart", "defaultTimeZone"], errors.Keys.Order());
        Assert.Contains("'Funday'", errors["callingDays"][0]);
        Assert.Contains("HH:mm", errors["callingHoursStart"][0]);
        Assert.Contains("IANA", errors["defaultTimeZone"][0]);
    }

    [Fact]
    public void No_calling_days_at_all_is_refused_in_favour_of_turning_auto_calling_off() =>
        Assert.Contains("auto-calling off", Validate(new CallingSettingsRequest(null, null, null, null, CallingDays: []))["callingDays"][0]);
}
