using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LeadDialer.EndToEndTests.Telemetry;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// One lead, one trace: every process exports its spans (OTLP/HTTP) to the test, which follows the
/// trace the client started from <c>POST /api/leads</c> through the bus, the dispatcher, the
/// provider call, the webhook and back to the lead's status change.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class TraceSpecs(LeadDialerSystem system)
{
    [Fact]
    public async Task When_a_lead_is_added_Should_follow_it_in_one_trace_to_its_status_change()
    {
        // The client starts the trace, so the test knows its id.
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var phone = LeadDialerSystem.Number("00");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads")
        {
            Content = JsonContent.Create(new { name = "Grace Hopper", phone, email = "grace@example.com" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        using var response = await system.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var leadId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        // Generous: on a loaded machine the first message of a process (topology, JIT) can take seconds.
        await system.WaitForStatus(leadId, "completed", TimeSpan.FromSeconds(120));

        // Each step of the path, as the process that did it recorded it.
        var steps = new (string Step, string Service, Func<CollectedSpan, bool> Matches)[]
        {
            ("gateway receives POST /api/leads", "LeadDialer.Gateway", s => s.Kind == CollectedSpan.Server && Path(s) == "/api/leads"),
            ("Leads stores the lead", "LeadDialer.Leads", s => s.Kind == CollectedSpan.Server && Path(s) == "/api/leads"),
            ("Leads relays LeadReady from its outbox", "LeadDialer.Leads", s => s.Name == "outbox publish LeadReady"),
            ("the saga consumes LeadReady", "LeadDialer.Dialer", s => Consumes(s, "lead-ready")),
            ("the dispatcher dials the lead", "LeadDialer.Dialer", s => s.Name == "dispatch lead" && s.Attributes.GetValueOrDefault("leaddialer.lead_id") == leadId),
            ("the saga consumes DialLead", "LeadDialer.Dialer", s => Consumes(s, "dial-lead")),
            ("ProviderGateway consumes PlaceCall", "LeadDialer.ProviderGateway", s => Consumes(s, "place-call")),
            ("ProviderGateway calls the provider over HTTP", "LeadDialer.ProviderGateway", s => s.Kind == CollectedSpan.Client && (s.Attributes.GetValueOrDefault("url.full") ?? "").Contains("/v2/create-phone-call", StringComparison.Ordinal)),
            // call_ended, or call_analyzed when it comes within the voicemail wait (it then carries the end too).
            ("Webhooks turns the call's end into CallEnded", "LeadDialer.Webhooks", s => s.Name is "retell webhook call_ended" or "retell webhook call_analyzed" && s.Attributes.GetValueOrDefault("leaddialer.lead_id") == leadId),
            ("the saga consumes CallEnded", "LeadDialer.Dialer", s => Consumes(s, "call-ended")),
            ("Leads records the status change", "LeadDialer.Leads", s => Consumes(s, "lead-status-changed")),
        };

        // A step counts when its span hangs, parent by parent, from the gateway's span for the POST:
        // one tree, not pieces that merely share an id. (The simulator exports nothing, so the
        // webhook's HTTP request is a branch of its own; the work it triggers is re-attached to the
        // call through the traceparent ProviderGateway put into the call's metadata.)
        static List<string> MissingSteps(IReadOnlyCollection<CollectedSpan> spans, string traceId, (string Step, string Service, Func<CollectedSpan, bool> Matches)[] steps)
        {
            var trace = spans.Where(s => s.TraceId == traceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            var root = trace.Values.FirstOrDefault(s => s.Service == "LeadDialer.Gateway" && s.Kind == CollectedSpan.Server && Path(s) == "/api/leads");
            if (root is null)
            {
                return ["the gateway's span for POST /api/leads"];
            }

            string RootOf(CollectedSpan span)
            {
                for (var hops = 0; hops < 100 && trace.TryGetValue(span.ParentSpanId, out var parent); hops++)
                {
                    span = parent;
                }

                return span.SpanId;
            }

            return steps
                .Where(step => !trace.Values.Any(s => s.Service == step.Service && step.Matches(s) && RootOf(s) == root.SpanId))
                .Select(step => step.Step)
                .ToList();
        }

        await system.Otlp.WaitFor(spans => MissingSteps(spans, traceId, steps).Count == 0, TimeSpan.FromSeconds(20));

        var collected = system.Otlp.Spans;
        var missing = MissingSteps(collected, traceId, steps);
        Assert.True(
            missing.Count == 0,
            $"Trace {traceId} lacks: {string.Join("; ", missing)}.\nIts spans:\n{string.Join('\n', collected.Where(s => s.TraceId == traceId).Select(s => s.ToString()))}\n" +
            $"Spans about lead {leadId} in other traces:\n{string.Join('\n', collected.Where(s => s.TraceId != traceId && s.Attributes.Values.Contains(leadId)).Select(s => $"{s.TraceId} {s}"))}");

        // The provider was given the trace to hand back with its webhooks.
        var sent = (await system.CallRequestsTo(phone)).Single()["request"]!["metadata"]!;
        Assert.Contains(traceId, (string?)sent["traceparent"]);
    }

    static string? Path(CollectedSpan span) => span.Attributes.GetValueOrDefault("url.path");

    /// <summary>A MassTransit consume span of the message (its URN is leaddialer:&lt;name&gt;:v1).</summary>
    static bool Consumes(CollectedSpan span, string message) =>
        span.Name.Contains("consume", StringComparison.OrdinalIgnoreCase) || span.Name.Contains("process", StringComparison.OrdinalIgnoreCase)
            ? span.Attributes.Values.Any(v => v.Contains($"leaddialer:{message}:v1", StringComparison.Ordinal))
            : false;
}
