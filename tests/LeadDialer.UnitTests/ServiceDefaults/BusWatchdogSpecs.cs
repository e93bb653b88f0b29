using LeadDialer.Messaging;
using MassTransit;

namespace LeadDialer.UnitTests.ServiceDefaults;

/// <summary>When the bus watchdog counts the bus as stalled (ADR 0008, "A broker crash"): only with the broker reachable.</summary>
public sealed class BusWatchdogSpecs
{
    static readonly DateTimeOffset Now = new(2026, 12, 4, 4, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Freshness = TimeSpan.FromSeconds(65);
    static readonly Dictionary<string, EndpointHealthResult> NoEndpoints = [];
    static readonly BusHealthResult Healthy = BusHealthResult.Healthy("Ready", NoEndpoints);
    static readonly BusHealthResult Degraded = BusHealthResult.Degraded("Degraded Endpoints: dialer-lead-state", null!, NoEndpoints);

    static DeadLetterCount Sample(TimeSpan age, string? failure = null, params string[] withoutConsumers) =>
        new(new Dictionary<string, long>(), failure, Now - age) { WithoutConsumers = withoutConsumers };

    [Fact]
    public void A_healthy_bus_whose_queues_all_have_consumers_is_not_stalled() =>
        Assert.Null(BusWatchdog.Stall(Healthy, Sample(TimeSpan.FromSeconds(3)), Now, Freshness));

    [Fact]
    public void A_degraded_endpoint_with_the_broker_reachable_is_a_stall_naming_it()
    {
        var stall = BusWatchdog.Stall(Degraded, Sample(TimeSpan.FromSeconds(3)), Now, Freshness);

        Assert.NotNull(stall);
        Assert.Contains("dialer-lead-state", stall, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_without_a_consumer_is_a_stall_even_when_the_bus_says_healthy()
    {
        var stall = BusWatchdog.Stall(Healthy, Sample(TimeSpan.FromSeconds(3), null, "dialer-lead-state"), Now, Freshness);

        Assert.Equal("no consumer on dialer-lead-state", stall);
    }

    [Fact]
    public void An_unreachable_broker_is_an_outage_to_wait_out_not_a_stall() =>
        Assert.Null(BusWatchdog.Stall(Degraded, Sample(TimeSpan.FromSeconds(3), "Broker unreachable"), Now, Freshness));

    [Fact]
    public void A_stale_sample_proves_nothing_about_the_broker()
    {
        Assert.Null(BusWatchdog.Stall(Degraded, Sample(TimeSpan.FromMinutes(5), null, "dialer-lead-state"), Now, Freshness));
        Assert.Null(BusWatchdog.Stall(Degraded, null, Now, Freshness));
    }
}
