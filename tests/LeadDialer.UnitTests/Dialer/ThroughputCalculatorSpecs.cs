using LeadDialer.Dialer.Throughput;

namespace LeadDialer.UnitTests.Dialer;

public sealed class ThroughputCalculatorSpecs
{
    static readonly ThroughputInputs Typical = new(
        Concurrency: 10, AverageCallSeconds: 120, DispatchIntervalSeconds: 1, BatchSize: 10,
        CallingHoursPerDay: 11, AnswerRate: 0.5, MaxAttempts: 3, RetryDelayHours: 2, Leads: 10_000);

    [Fact]
    public void When_slots_are_the_limit_Should_say_concurrency_binds_and_do_the_arithmetic()
    {
        var estimate = ThroughputCalculator.Estimate(Typical);

        Assert.Equal(300, estimate.CallsPerHour, 6);           // 10 slots × 3600 s / 120 s
        Assert.Equal(1.75, estimate.CallsPerLead, 6);          // 1 + 0.5 + 0.25
        Assert.Equal(3300, estimate.CallsPerDay, 6);           // 300 × 11 h
        Assert.Equal(3300 / 1.75, estimate.LeadsFinishedPerDay, 6);
        Assert.Equal(10_000 / (3300 / 1.75), estimate.DaysToWorkThroughList, 6);
        Assert.Equal("concurrency", estimate.Binds);
    }

    [Fact]
    public void When_dispatch_starts_fewer_calls_than_the_slots_could_take_Should_say_dispatch_binds()
    {
        var estimate = ThroughputCalculator.Estimate(Typical with { Concurrency = 1000, BatchSize = 1, DispatchIntervalSeconds = 10 });

        Assert.Equal(360, estimate.CallsPerHour, 6);
        Assert.Equal("dispatch", estimate.Binds);
    }

    [Fact]
    public void When_a_small_list_waits_on_retry_delays_Should_say_the_retry_delay_binds()
    {
        var estimate = ThroughputCalculator.Estimate(Typical with { Leads = 50, RetryDelayHours = 72 });

        Assert.Equal("retry-delay", estimate.Binds);
        Assert.Equal(6, estimate.DaysToWorkThroughList, 6);   // two waits of 3 days
    }

    [Fact]
    public void When_inputs_are_out_of_range_Should_name_each_one()
    {
        var errors = ThroughputCalculator.Validate(Typical with { Concurrency = 0, AnswerRate = 30, CallingHoursPerDay = 25 });

        Assert.Equal(["answerRate", "callingHoursPerDay", "concurrency"], errors.Keys.Order());
        Assert.Contains("between 0 and 1", errors["answerRate"][0]);
    }
}
