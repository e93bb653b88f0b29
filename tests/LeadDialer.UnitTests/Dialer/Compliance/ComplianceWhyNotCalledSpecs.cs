using LeadDialer.Contracts;
using LeadDialer.Contracts.Dialing;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Dialing;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;

namespace LeadDialer.UnitTests.Dialer.Compliance;

/// <summary>
/// The compliance rules as "why not called" explains them: the hard 08:00–21:00 limit whatever the
/// schedule, holidays, consent, the do-not-call list and the per-number caps, with when each lifts.
/// </summary>
public sealed class ComplianceWhyNotCalledSpecs
{
    // 28 Nov 2026 02:30 UTC = 21:30 on 27 Nov in New York (EST, UTC-5).
    static readonly DateTimeOffset NineThirtyPmInNewYork = new(2026, 11, 28, 2, 30, 0, TimeSpan.Zero);
    static readonly CallingSchedule AllDay = new(new HashSet<DayOfWeek>(Enum.GetValues<DayOfWeek>()), 0, CallingSchedule.MinutesPerDay, "UTC");
    static readonly EffectiveCallingSettings Settings = new(true, 20, TimeSpan.FromHours(2), 3, AllDay, AgentChoice.NoneKnown, ComplianceRules.Default);

    static LeadState Pending(string zone = "America/New_York", DateTimeOffset? consent = null) => new()
    {
        CorrelationId = Guid.NewGuid(),
        CurrentState = nameof(LeadStateMachine.Pending),
        Lead = new LeadDetails("Ada", "+12125551234", "ada@example.com", null, null, new Dictionary<string, string>(), ConsentCapturedAt: consent),
        ReadyAt = NineThirtyPmInNewYork.AddDays(-2),
        MaxAttempts = 3,
        TimeZone = zone,
    };

    [Fact]
    public void When_the_leads_local_time_is_21_30_and_the_schedule_allows_all_day_Should_wait_for_08_00_under_the_hard_limit()
    {
        var state = WhyNotCalled.Explain(Pending(), Settings, 0, NineThirtyPmInNewYork);

        Assert.Equal(WaitingReasons.OutsidePermittedHours, state.WaitingReason);
        Assert.Equal("Outside permitted calling hours (08:00–21:00 local) until Saturday 08:00 local (America/New_York)", state.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 13, 0, 0, TimeSpan.Zero), state.WaitingUntil);
    }

    [Fact]
    public void When_the_hard_limit_is_overridden_Should_only_apply_the_schedule()
    {
        var overridden = Settings with { Compliance = ComplianceRules.Default with { HardHoursEnforced = false } };

        var state = WhyNotCalled.Explain(Pending(), overridden, 0, NineThirtyPmInNewYork);

        Assert.Null(state.WaitingReason);
        Assert.Equal("Ready to call: next in line for a free slot", state.Message);
    }

    [Fact]
    public void When_the_schedule_itself_is_closed_Should_name_the_calling_hours_not_the_hard_limit()
    {
        var nineToEight = Settings with { Schedule = AllDay with { StartMinute = 9 * 60, EndMinute = 20 * 60 } };

        var state = WhyNotCalled.Explain(Pending(), nineToEight, 0, NineThirtyPmInNewYork);

        Assert.Equal(WaitingReasons.OutsideCallingHours, state.WaitingReason);
        Assert.Equal("Outside calling hours until Saturday 09:00 local (America/New_York)", state.Message);
    }

    [Fact]
    public void When_today_is_a_holiday_in_the_leads_zone_Should_say_holiday_and_the_next_opening_after_it()
    {
        // 27 Nov 15:00 UTC = 10:00 in New York, a holiday there.
        var now = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        var holiday = Settings with { Compliance = ComplianceRules.Default with { Holidays = new HashSet<DateOnly> { new(2026, 11, 27) } } };

        var state = WhyNotCalled.Explain(Pending(), holiday, 0, now);

        Assert.Equal(WaitingReasons.Holiday, state.WaitingReason);
        Assert.Equal("Holiday: 2026-11-27, no calls until Saturday 08:00 local (America/New_York)", state.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 13, 0, 0, TimeSpan.Zero), state.WaitingUntil);
    }

    [Fact]
    public void When_consent_is_required_and_missing_Should_say_consent_required_and_with_consent_go_on()
    {
        var now = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        var requireConsent = Settings with { Compliance = ComplianceRules.Default with { RequireConsent = true } };

        Assert.Equal(WaitingReasons.ConsentRequired, WhyNotCalled.Explain(Pending(), requireConsent, 0, now).WaitingReason);
        Assert.StartsWith("Consent required", WhyNotCalled.Explain(Pending(), requireConsent, 0, now).Message);
        Assert.Null(WhyNotCalled.Explain(Pending(consent: now.AddDays(-3)), requireConsent, 0, now).WaitingReason);
    }

    [Fact]
    public void When_the_number_is_on_the_do_not_call_list_Should_say_so()
    {
        var now = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

        var state = WhyNotCalled.Explain(Pending(), Settings, 0, now, new WhyNotCalled.NumberFacts(true, []));

        Assert.Equal(WaitingReasons.OnDoNotCallList, state.WaitingReason);
        Assert.Equal("On do-not-call list", state.Message);
    }

    [Fact]
    public void When_the_number_had_its_calls_in_the_last_24_hours_Should_wait_until_the_oldest_ages_out()
    {
        var now = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        var florida = Settings with { Compliance = ComplianceRules.Default with { MaxCallsPer24Hours = 3 } };
        var calls = new[] { now.AddHours(-20), now.AddHours(-5), now.AddHours(-1) };

        var state = WhyNotCalled.Explain(Pending(), florida, 0, now, new WhyNotCalled.NumberFacts(false, calls));

        Assert.Equal(WaitingReasons.NumberCallLimit, state.WaitingReason);
        Assert.Equal(now.AddHours(4), state.WaitingUntil);
        Assert.Equal("Daily call limit for this number reached until 14:00 local (America/New_York)", state.Message);
        Assert.Null(WhyNotCalled.Explain(Pending(), florida, 0, now, new WhyNotCalled.NumberFacts(false, calls[1..])).WaitingReason);
    }

    [Fact]
    public void When_the_number_had_its_calls_this_local_day_Should_wait_until_local_midnight()
    {
        // 10:00 in New York; one call at 09:00 local today, one yesterday evening.
        var now = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        var onePerDay = Settings with { Compliance = ComplianceRules.Default with { MaxCallsPerLocalDay = 1 } };

        var state = WhyNotCalled.Explain(Pending(), onePerDay, 0, now, new WhyNotCalled.NumberFacts(false, [now.AddHours(-1)]));

        Assert.Equal(WaitingReasons.NumberCallLimit, state.WaitingReason);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.Zero), state.WaitingUntil);
        Assert.Null(WhyNotCalled.Explain(Pending(), onePerDay, 0, now, new WhyNotCalled.NumberFacts(false, [now.AddHours(-12)])).WaitingReason);
    }

    [Theory]
    [InlineData(0, 1440, 480, 1260)]
    [InlineData(540, 1200, 540, 1200)]
    [InlineData(420, 1320, 480, 1260)]
    public void The_hard_limit_narrows_the_schedule_to_08_00_21_00(int start, int end, int expectedStart, int expectedEnd)
    {
        var dialing = ComplianceRules.Default.Apply(AllDay with { StartMinute = start, EndMinute = end });

        Assert.Equal((expectedStart, expectedEnd), (dialing.StartMinute, dialing.EndMinute));
    }
}
