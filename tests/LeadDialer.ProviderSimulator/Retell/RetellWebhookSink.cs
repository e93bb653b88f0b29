using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Webhooks;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderSimulator.Retell;

/// <summary>Sends Retell's call_started / call_ended / call_analyzed webhooks, signed as Retell signs them.</summary>
public sealed class RetellWebhookSink(IOptions<SimulatorOptions> options, WebhookSender sender, TimeProvider time)
    : ICallEventSink
{
    private RetellOptions Retell => options.Value.Retell;

    public Task OnStartedAsync(SimulatedCall call, CancellationToken cancellationToken) =>
        SendAsync("call_started", call, withAnalysis: false, cancellationToken);

    public async Task OnEndedAsync(SimulatedCall call, CancellationToken cancellationToken)
    {
        // call_analyzed follows call_ended (after its delivery settles), as Retell runs analysis after the end.
        await SendAsync("call_ended", call, withAnalysis: false, cancellationToken);
        await SendAsync("call_analyzed", call, withAnalysis: true, cancellationToken);
    }

    private Task<bool> SendAsync(string eventName, SimulatedCall call, bool withAnalysis, CancellationToken ct)
    {
        var payload = new JsonObject
        {
            ["event"] = eventName,
            ["call"] = RetellCallJson.Render(call, withAnalysis),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        var policy = new WebhookRetryPolicy(
            TimeSpan.FromSeconds(Retell.WebhookTimeoutSeconds),
            Math.Max(0, Retell.WebhookMaxRetries),
            TimeSpan.FromMilliseconds(Math.Max(0, Retell.WebhookRetryBaseDelayMilliseconds)));

        return sender.DeliverAsync(
            "retell", eventName, call.CallId, new Uri(Retell.WebhookUrl), body,
            // Re-signed per attempt with a fresh timestamp so retries stay inside the receiver's 5-minute window.
            bytes => new Dictionary<string, string>
            {
                [RetellSignature.HeaderName] = RetellSignature.Create(bytes, Retell.ApiKey, time.GetUtcNow().ToUnixTimeMilliseconds()),
            },
            policy, ct);
    }
}
