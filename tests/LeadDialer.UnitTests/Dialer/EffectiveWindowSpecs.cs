using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;

namespace LeadDialer.UnitTests.Dialer;

public sealed class EffectiveWindowSpecs
{
    static readonly DateOnly Today = new(2026, 12, 4);
    static readonly HashSet<DayOfWeek> EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    static EffectiveWindow Of(string start, string end, bool overridden = false, params DateOnly[] holidays) =>
        EffectiveWindow.Of(
            new CallingSchedule(EveryDay, CallingSchedule.ParseMinute(start)!.Value, CallingSchedule.ParseMinute(end)!.Value, "UTC"),
            ComplianceRules.Default with { HardHoursEnforced = !overridden, Holidays = holidays.ToHashSet() },
            Today);

    [Fact]
    public void A_schedule_inside_the_limit_Should_be_dialled_as_configured()
    {
        var window = Of("09:00", "20:00");

        Assert.Equal("dialled 09:00–20:00 local; compliance limit 08:00–21:00", window.Description);
        Assert.Equal(11, window.HoursPerDay);
    }

    [Fact]
    public void A_whole_day_schedule_Should_be_dialled_13_hours_not_24()
    {
        var window = Of("00:00", "24:00");

        Assert.Equal(("00:00–24:00", "08:00–21:00"), (window.Configured, window.Dialled));
        Assert.Equal(13, window.HoursPerDay);
    }

    [Fact]
    public void With_the_override_on_Should_dial_the_schedule_and_say_the_limit_is_overridden()
    {
        var window = Of("00:00", "24:00", overridden: true);

        Assert.Equal("dialled 00:00–24:00 local; compliance limit 08:00–21:00 overridden", window.Description);
        Assert.Null(window.ComplianceLimit);
        Assert.Equal(24, window.HoursPerDay);
    }

    [Fact]
    public void A_schedule_outside_the_limit_Should_say_it_is_never_dialled()
    {
        var window = Of("21:00", "24:00");

        Assert.Null(window.Dialled);
        Assert.Equal(0, window.HoursPerDay);
        Assert.Equal("never dialled: the schedule 21:00–24:00 lies outside the compliance limit 08:00–21:00", window.Description);
    }

    [Fact]
    public void Upcoming_holidays_Should_be_counted_and_past_ones_not()
    {
        var window = Of("09:00", "20:00", false, new DateOnly(2026, 11, 26), new DateOnly(2026, 12, 25));

        Assert.Equal(1, window.UpcomingHolidays);
        Assert.EndsWith("; no calls on 1 upcoming holiday", window.Description);
    }
}
