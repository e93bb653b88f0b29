using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LeadDialer.ServiceDefaults;

/// <summary>
/// LeadDialer's own trace source and meter. Each service is its own process, so this is one Meter
/// per service; <c>service.name</c> on the exported resource tells them apart.
/// </summary>
public static class Telemetry
{
    public const string ActivitySourceName = "LeadDialer";
    public const string MeterName = "LeadDialer";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);

    /// <summary>The W3C <c>traceparent</c> of the current activity, to store with work that continues later (a queued lead, a provider call).</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts an activity that continues the trace a stored <c>traceparent</c> names (work picked up
    /// from a table or echoed back by a provider), linked to the activity that picked it up. With no
    /// stored parent it is a child of the current activity.
    /// </summary>
    public static Activity? StartContinuation(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal)
    {
        if (!ActivityContext.TryParse(traceParent, null, out var parent))
        {
            return ActivitySource.StartActivity(name, kind);
        }

        var links = Activity.Current is { } current ? new[] { new ActivityLink(current.Context) } : null;
        return ActivitySource.StartActivity(name, kind, parent, links: links);
    }
}
