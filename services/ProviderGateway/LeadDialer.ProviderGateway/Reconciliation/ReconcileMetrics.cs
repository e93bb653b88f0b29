using System.Diagnostics.Metrics;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.ProviderGateway.Reconciliation;

/// <summary>How often a provider was asked about a call whose outcome had not come, and what it said.</summary>
public static class ReconcileMetrics
{
    static readonly Counter<long> Asks = Telemetry.Meter.CreateCounter<long>(
        "leaddialer.calls.reconcile_asks", unit: "{request}", description: "Calls asked about at the provider because their outcome had not come, by answer (ended, ongoing, not-found, failed).");

    public static void Asked(string provider, FetchOutcome answer) =>
        Asks.Add(1,
            new KeyValuePair<string, object?>("provider", provider),
            new KeyValuePair<string, object?>("answer", answer switch
            {
                FetchOutcome.Ended => "ended",
                FetchOutcome.Ongoing => "ongoing",
                FetchOutcome.NotFound => "not-found",
                _ => "failed",
            }));
}
