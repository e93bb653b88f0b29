using System.Diagnostics.Metrics;
using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Webhooks.Deliveries;

/// <summary>How long webhooks take to be accepted, how calls ended (by outcome, the provider's reason and whether a webhook or a poll told), and the reports not trusted.</summary>
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

    static readonly Counter<long> NotTrusted = Telemetry.Meter.CreateCounter<long>(
        "leaddialer.webhooks.untrusted", unit: "{delivery}", description: "Reports dropped because they do not match a call LeadDialer placed (mismatch, unknown-call).");

    /// <param name="learnedBy"><c>webhook</c>, or <c>poll</c> when ProviderGateway had to ask the provider.</param>
    public static void CallEnded(CallEnded callEnded, string learnedBy) =>
        Ended.Add(1,
            new KeyValuePair<string, object?>("provider", callEnded.Provider),
            new KeyValuePair<string, object?>("outcome", callEnded.Outcome.ToString()),
            new KeyValuePair<string, object?>("reason", callEnded.EndedReason ?? "none"),
            new KeyValuePair<string, object?>("learned_by", learnedBy));

    public static void Untrusted(string provider, string reason) =>
        NotTrusted.Add(1,
            new KeyValuePair<string, object?>("provider", provider),
            new KeyValuePair<string, object?>("reason", reason));
}
