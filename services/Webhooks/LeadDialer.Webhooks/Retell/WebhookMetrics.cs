using System.Diagnostics.Metrics;
using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Webhooks.Retell;

/// <summary>How long webhooks take to be accepted, and how calls ended, by outcome and the provider's reason.</summary>
public static class WebhookMetrics
{
    static readonly Histogram<double> Duration = Telemetry.Meter.CreateHistogram<double>(
        "leaddialer.webhooks.duration", unit: "s", description: "From a webhook arriving to its answer (its event confirmed by the broker, or refused).");

    static readonly Counter<long> Ended = Telemetry.Meter.CreateCounter<long>(
        "leaddialer.calls.ended", unit: "{call}", description: "Calls that ended, by outcome and the provider's ended reason.");

    public static void Handled(string provider, string? webhookEvent, int statusCode, TimeSpan elapsed) =>
        Duration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("provider", provider),
            new KeyValuePair<string, object?>("event", webhookEvent ?? "unreadable"),
            new KeyValuePair<string, object?>("http.response.status_code", statusCode));

    public static void CallEnded(CallEnded callEnded) =>
        Ended.Add(1,
            new KeyValuePair<string, object?>("provider", callEnded.Provider),
            new KeyValuePair<string, object?>("outcome", callEnded.Outcome.ToString()),
            new KeyValuePair<string, object?>("reason", callEnded.EndedReason ?? "none"));
}
