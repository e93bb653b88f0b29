using System.Diagnostics.Metrics;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Dialer.Dispatch;

/// <summary>What the dispatcher sees each cycle, as metrics: calls in flight against the cap, the queue of leads waiting, and how long they waited.</summary>
public static class DialerMetrics
{
    static long _inFlight;
    static long _cap;
    static long _waiting;

    static readonly Histogram<double> DispatchLatency = Telemetry.Meter.CreateHistogram<double>(
        "leaddialer.dialer.dispatch_latency", unit: "s", description: "From a lead becoming ready to call to the dispatcher claiming a calling slot for it.");

    static DialerMetrics()
    {
        Telemetry.Meter.CreateObservableGauge("leaddialer.dialer.calls_in_flight", () => Interlocked.Read(ref _inFlight), unit: "{call}",
            description: "Calls in progress or claimed, as of the last dispatch cycle.");
        Telemetry.Meter.CreateObservableGauge("leaddialer.dialer.max_concurrent_calls", () => Interlocked.Read(ref _cap), unit: "{call}",
            description: "The configured cap on concurrent calls (0 while auto-calling is off).");
        Telemetry.Meter.CreateObservableGauge("leaddialer.dialer.leads_waiting", () => Interlocked.Read(ref _waiting), unit: "{lead}",
            description: "Pending leads ready to call and not yet claimed: the dialer's queue depth.");
    }

    public static void Cycle(long inFlight, int cap, long waiting)
    {
        Interlocked.Exchange(ref _inFlight, inFlight);
        Interlocked.Exchange(ref _cap, cap);
        Interlocked.Exchange(ref _waiting, waiting);
    }

    public static void Dispatched(TimeSpan waited) => DispatchLatency.Record(Math.Max(0, waited.TotalSeconds));
}
