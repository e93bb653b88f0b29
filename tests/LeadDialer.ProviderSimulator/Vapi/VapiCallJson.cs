using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;

namespace LeadDialer.ProviderSimulator.Vapi;

/// <summary>Renders a call as Vapi's Call object (camelCase, as on the wire).</summary>
public static partial class VapiCallJson
{
    public static JsonObject Render(SimulatedCall call, SimulatorOptions options, int activeCalls)
    {
        var phase = call.Phase;
        var json = new JsonObject
        {
            ["id"] = call.CallId,
            ["orgId"] = options.Vapi.OrgId,
            ["type"] = "outboundPhoneCall",
            ["status"] = Status(phase),
            ["createdAt"] = call.CreatedAt.UtcDateTime.ToString("O"),
            ["updatedAt"] = (call.EndedAt ?? call.StartedAt ?? call.CreatedAt).UtcDateTime.ToString("O"),
            ["phoneNumberId"] = call.FromNumber,
        };
        if (call.AgentId != "inline")
            json["assistantId"] = call.AgentId;
        // Echo back what was sent (Vapi returns the call's assistantOverrides, customer and inline assistant).
        if (call.Echo is not null)
        {
            foreach (var (key, value) in call.Echo)
                json[key] = value?.DeepClone();
        }

        if (call.StartedAt is { } started && phase != CallPhase.NotConnected)
            json["startedAt"] = started.UtcDateTime.ToString("O");
        if (phase is CallPhase.Ended or CallPhase.NotConnected && call.EndedAt is { } ended)
        {
            json["endedAt"] = ended.UtcDateTime.ToString("O");
            json["endedReason"] = EndedReason(call.Outcome);
            json["cost"] = 0.01;
            // Vapi's Call object carries what the end-of-call-report did: GET /call/{id} is how a lost report is recovered.
            json["artifact"] = new JsonObject
            {
                ["transcript"] = Transcript(call),
                ["recordingUrl"] = call.Outcome.Connects() || call.Outcome == CallOutcome.LostWebhook ? $"https://vapi-simulator.invalid/recordings/{call.CallId}.wav" : null,
            };
            json["analysis"] = new JsonObject
            {
                ["summary"] = Summary(call),
                ["structuredData"] = call.OptOut ? new JsonObject { ["opted_out"] = true } : new JsonObject(),
            };
        }

        json["subscriptionLimits"] = new JsonObject
        {
            ["concurrencyBlocked"] = activeCalls > options.Vapi.ConcurrencyLimit,
            ["concurrencyLimit"] = options.Vapi.ConcurrencyLimit,
            ["remainingConcurrentCalls"] = Math.Max(0, options.Vapi.ConcurrencyLimit - activeCalls),
        };
        return json;
    }

    public static string Status(CallPhase phase) => phase switch
    {
        CallPhase.Registered => "queued",
        CallPhase.Ongoing => "in-progress",
        _ => "ended",
    };

    /// <summary>What the status-update "ended" says: before the report, an undetected mailbox looks like a person who hung up.</summary>
    public static string EndedStatusReason(CallOutcome outcome) =>
        outcome == CallOutcome.VoicemailUndetected ? "customer-ended-call" : EndedReason(outcome);

    public static string EndedReason(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered or CallOutcome.LostWebhook => "customer-ended-call",
        CallOutcome.NoAnswer => "customer-did-not-answer",
        CallOutcome.Busy => "customer-busy",
        CallOutcome.Voicemail or CallOutcome.VoicemailUndetected => "voicemail",
        CallOutcome.InvalidDestination => "twilio-reported-customer-misdialed",
        CallOutcome.EndsConcurrencyLimit => "call.start.error-subscription-concurrency-limit-reached",
        _ => "call.in-progress.error-vapifault-worker-died",
    };

    [GeneratedRegex(@"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|[^}]*)?-?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Renders Liquid output tags the simple way Vapi does for plain variables (filters ignored).</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string>? values) =>
        Placeholder().Replace(template, m => values is not null && values.TryGetValue(m.Groups[1].Value, out var v) ? v : "");

    public static string Transcript(SimulatedCall call) => call.Outcome switch
    {
        CallOutcome.Answered or CallOutcome.LostWebhook when call.OptOut =>
            $"AI: {call.FirstMessage ?? "Hello."}\nUser: {Retell.RetellCallJson.OptOutWords}\nAI: Understood, we will not call you again.\n",
        CallOutcome.Answered or CallOutcome.LostWebhook =>
            $"AI: {call.FirstMessage ?? "Hello."}\nUser: Sure, tell me more.\nAI: Thanks, have a nice day!\n",
        CallOutcome.Voicemail or CallOutcome.VoicemailUndetected => $"AI: {call.FirstMessage ?? "Hello."}\n",
        _ => "",
    };

    public static string Summary(SimulatedCall call) => call.Outcome switch
    {
        CallOutcome.Answered or CallOutcome.LostWebhook => "The assistant greeted the customer, who listened and agreed to a follow-up.",
        CallOutcome.Voicemail or CallOutcome.VoicemailUndetected => "The call reached voicemail; the assistant left a message.",
        _ => $"The call did not connect ({EndedReason(call.Outcome)}).",
    };
}
