using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Stats;
using LeadDialer.ProviderSimulator.Webhooks;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderSimulator.Vapi;

/// <summary>
/// Sends Vapi's server messages: <c>status-update</c> (in-progress when the call connects, ended at the
/// end) and <c>end-of-call-report</c>, authenticated as the server URL is configured.
/// </summary>
public sealed class VapiWebhookSink(IOptions<SimulatorOptions> options, WebhookSender sender, SimulatorStats stats, TimeProvider time)
    : ICallEventSink
{
    private VapiOptions Vapi => options.Value.Vapi;

    public Task OnStartedAsync(SimulatedCall call, CancellationToken cancellationToken) =>
        SendAsync("status-update", call, StatusUpdate(call, "in-progress"), cancellationToken);

    public async Task OnEndedAsync(SimulatedCall call, CancellationToken cancellationToken)
    {
        var ended = StatusUpdate(call, "ended");
        ended["endedReason"] = VapiCallJson.EndedStatusReason(call.Outcome);
        await SendAsync("status-update", call, ended, cancellationToken);
        await SendAsync("end-of-call-report", call, EndOfCallReport(call), cancellationToken);
    }

    private JsonObject StatusUpdate(SimulatedCall call, string status) => new()
    {
        ["type"] = "status-update",
        ["status"] = status,
        ["timestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
        ["call"] = CallJson(call),
    };

    private JsonObject EndOfCallReport(SimulatedCall call)
    {
        var transcript = VapiCallJson.Transcript(call);
        var summary = VapiCallJson.Summary(call);
        var connected = call.Outcome.Connects();
        var recordingUrl = connected ? $"https://vapi-simulator.invalid/recordings/{call.CallId}.wav" : null;
        var started = call.StartedAt ?? call.CreatedAt;
        var ended = call.EndedAt ?? time.GetUtcNow();
        var report = new JsonObject
        {
            ["type"] = "end-of-call-report",
            ["endedReason"] = VapiCallJson.EndedReason(call.Outcome),
            ["timestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
            ["startedAt"] = started.UtcDateTime.ToString("O"),
            ["endedAt"] = ended.UtcDateTime.ToString("O"),
            ["cost"] = 0.01,
            ["durationSeconds"] = Math.Round((ended - started).TotalSeconds, 3),
            ["artifact"] = new JsonObject
            {
                ["transcript"] = transcript,
                ["messages"] = new JsonArray(),
                ["recordingUrl"] = recordingUrl,
            },
            ["analysis"] = new JsonObject
            {
                ["summary"] = summary,
                ["structuredData"] = call.OptOut ? new JsonObject { ["opted_out"] = true } : new JsonObject(),
                ["successEvaluation"] = call.Outcome == CallOutcome.Answered ? "true" : "false",
            },
            // Older payloads carried these at the top level too.
            ["summary"] = summary,
            ["transcript"] = transcript,
            ["recordingUrl"] = recordingUrl,
            ["call"] = CallJson(call),
        };
        if (call.Echo?["customer"] is { } customer)
            report["customer"] = customer.DeepClone();
        return report;
    }

    private JsonObject CallJson(SimulatedCall call) => VapiCallJson.Render(call, options.Value, stats.Snapshot().ActiveCalls);

    private Task<bool> SendAsync(string eventName, SimulatedCall call, JsonObject message, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["message"] = message });
        var policy = new WebhookRetryPolicy(
            TimeSpan.FromSeconds(Vapi.WebhookTimeoutSeconds),
            Math.Max(0, Vapi.WebhookMaxRetries),
            TimeSpan.FromMilliseconds(Math.Max(0, Vapi.WebhookRetryBaseDelayMilliseconds)));

        return sender.DeliverAsync(
            "vapi", eventName, call.CallId, new Uri(Vapi.WebhookUrl), body,
            bytes => VapiSignature.Headers(Vapi.WebhookAuth, Vapi.WebhookSecret, bytes, time.GetUtcNow().ToUnixTimeMilliseconds()),
            policy, ct);
    }
}
