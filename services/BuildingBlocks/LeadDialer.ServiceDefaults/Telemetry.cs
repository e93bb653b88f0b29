using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LeadDialer.ServiceDefaults;

/// <summary>LeadDialer's own trace source and meter, shared by every service.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "LeadDialer";
    public const string MeterName = "LeadDialer";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
