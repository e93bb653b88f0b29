using LeadDialer.Dialer.Schedule;

namespace LeadDialer.UnitTests.Dialer;

/// <summary>The calling window in each lead's own time zone, DST changes included.</summary>
public sealed class CallingScheduleSpecs
{
    static readonly HashSet<DayOfWeek> EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    // The safe default: 09:00–20:00 local, every day, account zone UTC.
    static readonly CallingSchedule Default = new(EveryDay, 9 * 60, 20 * 60, "UTC");

    static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void When_it_is_08_59_in_Los_Angeles_Should_be_closed_and_at_09_00_open()
    {
        // 27 Nov 2026: Pacific Standard Time, UTC-8.
        Assert.False(Default.IsOpen(Utc(2026, 11, 27, 16, 59), "America/Los_Angeles"));
        Assert.True(Default.IsOpen(Utc(2026, 11, 27, 17, 0), "America/Los_Angeles"));
    }

    [Fact]
    public void When_it_is_20_00_local_Should_be_closed_the_end_is_exclusive()
    {
        Assert.True(Default.IsOpen(Utc(2026, 11, 28, 3, 59), "America/Los_Angeles"));
        Assert.False(Default.IsOpen(Utc(2026, 11, 28, 4, 0), "America/Los_Angeles"));
    }

    [Fact]
    public void When_the_lead_is_in_Dhaka_Should_use_UTC_plus_6_all_year()
    {
        Assert.False(Default.IsOpen(Utc(2026, 11, 27, 2, 59), "Asia/Dhaka"));
        Assert.True(Default.IsOpen(Utc(2026, 11, 27, 3, 0), "Asia/Dhaka"));
        Assert.True(Default.IsOpen(Utc(2026, 7, 1, 3, 0), "Asia/Dhaka"));
        Assert.Equal(Utc(2026, 11, 28, 3, 0), Default.NextOpening(Utc(2026, 11, 27, 14, 0), "Asia/Dhaka"));
    }

    [Fact]
    public void When_London_springs_forward_Should_open_at_09_00_summer_time()
    {
        // Sunday 29 March 2026, 01:00 GMT → 02:00 BST. 09:00 local that day is 08:00 UTC.
        Assert.False(Default.IsOpen(Utc(2026, 3, 29, 7, 59), "Europe/London"));
        Assert.True(Default.IsOpen(Utc(2026, 3, 29, 8, 0), "Europe/London"));
        Assert.Equal(Utc(2026, 3, 29, 8, 0), Default.NextOpening(Utc(2026, 3, 29, 0, 30), "Europe/London"));
        // The day before, still GMT: 09:00 local is 09:00 UTC.
        Assert.False(Default.IsOpen(Utc(2026, 3, 28, 8, 30), "Europe/London"));
    }

    [Fact]
    public void When_London_falls_back_Should_open_at_09_00_winter_time()
    {
        // Sunday 25 October 2026, 02:00 BST → 01:00 GMT. 09:00 local that day is 09:00 UTC.
        Assert.False(Default.IsOpen(Utc(2026, 10, 25, 8, 59), "Europe/London"));
        Assert.True(Default.IsOpen(Utc(2026, 10, 25, 9, 0), "Europe/London"));
        Assert.Equal(Utc(2026, 10, 25, 9, 0), Default.NextOpening(Utc(2026, 10, 25, 0, 30), "Europe/London"));
        // 20:00 local closes at 20:00 UTC that day (19:00 UTC the day before, in summer time).
        Assert.True(Default.IsOpen(Utc(2026, 10, 25, 19, 59), "Europe/London"));
        Assert.False(Default.IsOpen(Utc(2026, 10, 24, 19, 0), "Europe/London"));
    }

    [Fact]
    public void When_a_window_opens_inside_the_hour_clocks_skip_Should_open_when_the_clock_jumps()
    {
        // New York, Sunday 8 March 2026: 02:00 EST → 03:00 EDT (07:00 UTC); 02:30 never happens.
        var early = new CallingSchedule(EveryDay, (2 * 60) + 30, 20 * 60, "UTC");

        Assert.Equal(Utc(2026, 3, 8, 7, 0), early.NextOpening(Utc(2026, 3, 8, 5, 0), "America/New_York"));
        Assert.True(early.IsOpen(Utc(2026, 3, 8, 7, 0), "America/New_York"));
    }

    [Fact]
    public void When_the_lead_has_no_zone_of_its_own_Should_use_the_account_default()
    {
        var newYork = Default with { DefaultTimeZone = "America/New_York" };

        Assert.False(newYork.IsOpen(Utc(2026, 11, 27, 13, 59), LeadTimeZone.AccountDefault));
        Assert.True(newYork.IsOpen(Utc(2026, 11, 27, 14, 0), LeadTimeZone.AccountDefault));
        Assert.Equal("America/New_York", newYork.ZoneNameOf(LeadTimeZone.AccountDefault));
    }

    [Fact]
    public void When_today_is_not_a_calling_day_Should_open_on_the_next_calling_day()
    {
        var weekdays = Default with { Days = new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday } };
        var saturdayNoon = Utc(2026, 11, 28, 12, 0);

        Assert.False(weekdays.IsOpen(saturdayNoon, "Europe/London"));
        var opening = weekdays.NextOpening(saturdayNoon, "Europe/London")!.Value;
        Assert.Equal(Utc(2026, 11, 30, 9, 0), opening);
        Assert.Equal("Monday 09:00", CallingSchedule.Describe(opening, saturdayNoon));
    }

    [Theory]
    [InlineData("09:00", 540)]
    [InlineData("00:00", 0)]
    [InlineData("24:00", 1440)]
    [InlineData("9:00", null)]
    [InlineData("24:30", null)]
    [InlineData("12:60", null)]
    [InlineData("noon", null)]
    public void Times_of_day_are_24_hour_HH_mm(string text, int? minute) => Assert.Equal(minute, CallingSchedule.ParseMinute(text));
}
