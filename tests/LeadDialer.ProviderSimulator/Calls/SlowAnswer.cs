using LeadDialer.ProviderSimulator.Stats;

namespace LeadDialer.ProviderSimulator.Calls;

/// <summary>
/// Latency injection for create: the call already exists (it can be looked up) while its 201 is held,
/// like a provider whose answer arrives after the client's timeout. The answer is sent even if the
/// client has gone, as a real server would try to.
/// </summary>
public static class SlowAnswer
{
    public static async Task Delay(bool slow, SimulatorOptions options, SimulatorStats stats, TimeProvider time)
    {
        var delay = (slow ? options.CreateSlowMilliseconds : 0) + Math.Max(0, options.CreateLatencyMilliseconds);
        if (delay <= 0)
            return;
        if (slow)
            stats.CreateDelayed();
        await Task.Delay(TimeSpan.FromMilliseconds(delay), time);
    }
}
