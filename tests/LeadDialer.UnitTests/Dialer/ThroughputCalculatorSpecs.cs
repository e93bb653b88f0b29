using LeadDialer.Dialer.Throughput;

namespace LeadDialer.UnitTests.Dialer;

public sealed class ThroughputCalculatorSpecs
{
    static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();
    static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    static readonly DateOnly Friday = new(2026, 12, 4);

    // The issue's example: calls around the clock every day, no holidays.
    static readonly ThroughputInputs IssueExample = new(
        Concurrency: 10, AverageCallSeconds: 120, DispatchIntervalSeconds: 1, BatchSize: 10,
        CallingHoursPerDay: 24, AnswerRate: 0.3, MaxAttempts: 3, RetryDelayHours: 24, Leads: 3_000,
        CallingDays: EveryDay, Holidays: [], StartDate: Friday);

    [Fact]
    public void When_the_first_pass_and_the_retry_tail_add_up_Should_take_about_2_point_9_days_not_2()
    {
        var estimate = ThroughputCalculator.Estimate(IssueExample);

        // By hand: 10 slots × 3600 s / 120 s = 300 calls/h.
        //   Round 1: 3,000 calls / 300 per h = 10 h            → hours  0 … 10
        //   Round 2: 3,000 × 0.7 = 2,100 calls, 24 h after round 1 ended, 7 h   → hours 34 … 41
        //   Round 3: 2,100 × 0.7 = 1,470 calls, 24 h after round 2 ended, 4.9 h → hours 65 … 69.9
        // 69.9 h / 24 = 2.9125 calendar days, on 3 calling days (Friday, Saturday, Sunday).
        // The old calculator took max(capacity 0.9125 days, retries 2 × 24 h = 2 days) = 2.
        Assert.Equal(300, estimate.CallsPerHour, 6);
        Assert.Equal(2.19, estimate.CallsPerLead, 6);          // 1 + 0.7 + 0.49
        Assert.Equal(69.9 / 24, estimate.CalendarDays, 6);
        Assert.Equal(3, estimate.CallingDays);
        Assert.Equal(new DateOnly(2026, 12, 6), estimate.FinishDate);
        Assert.Equal(new double[] { 3000, 2100, 1470 }, estimate.Rounds.Select(r => r.Calls), new ToleranceComparer(1e-6));
        Assert.Equal(new[] { 0, 34 / 24.0, 65 / 24.0 }, estimate.Rounds.Select(r => r.StartsAfterDays), new ToleranceComparer(1e-6));
        // 48 h waiting against 21.9 h calling.
        Assert.Equal("retry-delay", estimate.Binds);
    }

    [Fact]
    public void When_the_window_is_13_hours_on_weekdays_Should_carry_the_rest_over_the_weekend()
    {
        // 5,000 leads, one attempt, 300 calls/h: 16.67 h of calling. Friday's 13 h, then 3.67 h on Monday.
        var estimate = ThroughputCalculator.Estimate(IssueExample with { Leads = 5_000, MaxAttempts = 1, CallingHoursPerDay = 13, CallingDays = Weekdays });

        Assert.Equal(((3 * 24) + (5000 / 300.0) - 13) / 24, estimate.CalendarDays, 6);
        Assert.Equal(2, estimate.CallingDays);
        Assert.Equal(new DateOnly(2026, 12, 7), estimate.FinishDate);
        Assert.Equal("concurrency", estimate.Binds);
    }

    [Fact]
    public void When_the_next_calling_day_is_a_holiday_Should_skip_it()
    {
        var estimate = ThroughputCalculator.Estimate(IssueExample with
        {
            Leads = 5_000, MaxAttempts = 1, CallingHoursPerDay = 13, CallingDays = Weekdays, Holidays = [new DateOnly(2026, 12, 7)],
        });

        Assert.Equal(((4 * 24) + (5000 / 300.0) - 13) / 24, estimate.CalendarDays, 6);
        Assert.Equal(2, estimate.CallingDays);                    // Friday and Tuesday; the holiday Monday is no calling day
        Assert.Equal(new DateOnly(2026, 12, 8), estimate.FinishDate);
    }

    [Fact]
    public void When_a_retry_would_fall_after_the_window_closes_Should_wait_for_the_next_opening()
    {
        // 11 h window; round 1 takes 10 h, its retries are due 2 h later, when the window has closed.
        var estimate = ThroughputCalculator.Estimate(IssueExample with { MaxAttempts = 2, RetryDelayHours = 2, CallingHoursPerDay = 11 });

        Assert.Equal(1, estimate.Rounds[1].StartsAfterDays, 6);   // the next day's opening
        Assert.Equal((24 + 7) / 24.0, estimate.CalendarDays, 6);
        Assert.Equal(2, estimate.CallingDays);
    }

    [Fact]
    public void When_slots_are_the_limit_Should_say_concurrency_binds_and_do_the_arithmetic()
    {
        var estimate = ThroughputCalculator.Estimate(IssueExample with { AnswerRate = 0.5, CallingHoursPerDay = 11, RetryDelayHours = 2, Leads = 10_000 });

        Assert.Equal(1.75, estimate.CallsPerLead, 6);          // 1 + 0.5 + 0.25
        Assert.Equal(3300, estimate.CallsPerDay, 6);           // 300 × 11 h
        Assert.Equal(3300 / 1.75, estimate.LeadsFinishedPerDay, 6);
        Assert.Equal("concurrency", estimate.Binds);
        Assert.Contains("17,500 calls", estimate.Explanation);
    }

    [Fact]
    public void When_dispatch_starts_fewer_calls_than_the_slots_could_take_Should_say_dispatch_binds()
    {
        var estimate = ThroughputCalculator.Estimate(IssueExample with { Concurrency = 1000, BatchSize = 1, DispatchIntervalSeconds = 10, RetryDelayHours = 0 });

        Assert.Equal(360, estimate.CallsPerHour, 6);
        Assert.Equal("dispatch", estimate.Binds);
    }

    [Fact]
    public void When_the_list_outlasts_the_calendar_Should_still_answer_without_a_finish_date()
    {
        // One slot, 10 h calls, a one-minute window once a week: millennia; the week skip keeps it quick.
        var estimate = ThroughputCalculator.Estimate(IssueExample with
        {
            Concurrency = 1, BatchSize = 1, AverageCallSeconds = 36_000, Leads = 100_000_000, MaxAttempts = 20,
            CallingHoursPerDay = 1 / 60.0, CallingDays = [DayOfWeek.Sunday], Holidays = [new DateOnly(2027, 1, 3)],
        });

        Assert.True(estimate.CalendarDays > 3_000_000);
        Assert.Null(estimate.FinishDate);
    }

    [Fact]
    public void When_there_are_no_leads_Should_need_no_days()
    {
        var estimate = ThroughputCalculator.Estimate(IssueExample with { Leads = 0 });

        Assert.Equal(0, estimate.CalendarDays);
        Assert.Equal(0, estimate.CallingDays);
        Assert.Empty(estimate.Rounds);
    }

    [Fact]
    public void When_inputs_are_out_of_range_Should_name_each_one()
    {
        var errors = ThroughputCalculator.Validate(IssueExample with { Concurrency = 0, AnswerRate = 30, CallingHoursPerDay = 25, CallingDays = [] });

        Assert.Equal(["answerRate", "callingDays", "callingHoursPerDay", "concurrency"], errors.Keys.Order());
        Assert.Contains("between 0 and 1", errors["answerRate"][0]);
    }

    [Fact]
    public void With_fewer_than_50_calls_in_the_last_7_days_Should_assume_120_seconds_and_30_percent()
    {
        var defaults = ThroughputDefaults.From(new RecentCalls(49, 61.5, 0.5));

        Assert.Equal((120, 0.3, "assumed"), (defaults.AverageCallSeconds, defaults.AnswerRate, defaults.Source));
        Assert.Contains("49 calls ended in the last 7 days, 50 are needed", defaults.Description);
    }

    [Fact]
    public void With_50_calls_in_the_last_7_days_Should_use_their_length_and_answer_rate()
    {
        var defaults = ThroughputDefaults.From(new RecentCalls(50, 61.54, 0.42));

        Assert.Equal((61.5, 0.42, "last-7-days"), (defaults.AverageCallSeconds, defaults.AnswerRate, defaults.Source));
        Assert.Equal("From the 50 calls that ended in the last 7 days: 61.5 s average call, 42% answered.", defaults.Description);
    }

    [Fact]
    public void With_calls_but_no_durations_Should_use_the_answer_rate_and_assume_the_length()
    {
        var defaults = ThroughputDefaults.From(new RecentCalls(80, null, 0.25));

        Assert.Equal((120, 0.25), (defaults.AverageCallSeconds, defaults.AnswerRate));
        Assert.Contains("no durations recorded", defaults.Description);
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
