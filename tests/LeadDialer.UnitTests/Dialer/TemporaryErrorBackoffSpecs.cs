using LeadDialer.Dialer.Saga;

namespace LeadDialer.UnitTests.Dialer;

/// <summary>"The system retries automatically, with increasing delays" — and not all at once.</summary>
public sealed class TemporaryErrorBackoffSpecs
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(8, 600)]
    [InlineData(30, 600)]
    public void The_wait_doubles_from_5_seconds_up_to_10_minutes_within_20_percent_jitter(int failures, double nominalSeconds)
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var wait = TemporaryErrorBackoff.Delay(failures, random: new Random(seed)).TotalSeconds;
            Assert.InRange(wait, nominalSeconds * 0.8, nominalSeconds * 1.2);
        }
    }

    [Fact]
    public void Leads_that_failed_together_do_not_come_back_together()
    {
        var random = new Random(7);
        var waits = Enumerable.Range(0, 20).Select(_ => TemporaryErrorBackoff.Delay(3, random: random)).Distinct().Count();

        Assert.True(waits > 15, $"only {waits} distinct waits out of 20");
    }

    [Fact]
    public void The_first_wait_can_be_configured_and_still_doubles()
    {
        var first = TimeSpan.FromMilliseconds(100);
        for (var seed = 0; seed < 50; seed++)
        {
            Assert.InRange(TemporaryErrorBackoff.Delay(1, first, new Random(seed)).TotalMilliseconds, 80, 120);
            Assert.InRange(TemporaryErrorBackoff.Delay(4, first, new Random(seed)).TotalMilliseconds, 640, 960);
        }
    }
}
