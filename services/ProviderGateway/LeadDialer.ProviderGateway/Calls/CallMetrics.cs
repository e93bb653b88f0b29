using System.Diagnostics.Metrics;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.ProviderGateway.Calls;

/// <summary>Calls placed with each provider, and the ones it refused by reason.</summary>
public static class CallMetrics
{
    static readonly Counter<long> Placed = Telemetry.Meter.CreateCounter<long>(
        "leaddialer.calls.placed", unit: "{call}", description: "Calls the provider accepted (create-call answered 2xx).");

    static readonly Counter<long> Refused = Telemetry.Meter.CreateCounter<long>(
        "leaddialer.calls.refused", unit: "{call}", description: "Calls the provider refused or could not be reached for, by error kind and reason.");

    public static void CallPlaced(string provider) =>
        Placed.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public static void CallRefused(string provider, LeadDialer.Contracts.LeadError error) =>
        Refused.Add(1,
            new KeyValuePair<string, object?>("provider", provider),
            new KeyValuePair<string, object?>("kind", error.Kind.ToString()),
            new KeyValuePair<string, object?>("reason", error.Reason));
}
