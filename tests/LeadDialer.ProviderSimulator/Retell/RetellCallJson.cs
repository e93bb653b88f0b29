using System.Text;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;

namespace LeadDialer.ProviderSimulator.Retell;

/// <summary>Renders a call as Retell's V2PhoneCallResponse (snake_case, as on the wire).</summary>
public static class RetellCallJson
{
    public static JsonObject Render(SimulatedCall call, bool withAnalysis)
    {
        var phase = call.Phase;
        var json = new JsonObject
        {
            ["call_id"] = call.CallId,
            ["call_type"] = "phone_call",
            ["agent_id"] = call.AgentId,
            ["agent_version"] = call.AgentVersion,
            ["call_status"] = phase switch
            {
                CallPhase.Registered => "registered",
                CallPhase.Ongoing => "ongoing",
                CallPhase.Ended => "ended",
                CallPhase.NotConnected => "not_connected",
                _ => "error",
            },
            ["direction"] = "outbound",
            ["from_number"] = call.FromNumber,
            ["to_number"] = call.ToNumber,
        };
        // Echo back exactly what was sent; Retell omits what the request omitted.
        if (call.Metadata is not null)
            json["metadata"] = call.Metadata.DeepClone();
        if (call.DynamicVariables is not null)
            json["retell_llm_dynamic_variables"] = Variables(call);

        if (call.StartedAt is { } started)
            json["start_timestamp"] = started.ToUnixTimeMilliseconds();

        if (phase is CallPhase.Ended or CallPhase.NotConnected && call.EndedAt is { } ended)
        {
            var start = call.StartedAt ?? ended;
            json["end_timestamp"] = ended.ToUnixTimeMilliseconds();
            json["duration_ms"] = ended.ToUnixTimeMilliseconds() - start.ToUnixTimeMilliseconds();
            json["disconnection_reason"] = DisconnectionReason(call.Outcome);
            json["transcript"] = Transcript(call);
            if (phase == CallPhase.Ended)
                json["recording_url"] = $"https://retell-simulator.invalid/recordings/{call.CallId}/recording.wav";
            if (withAnalysis)
                json["call_analysis"] = Analysis(call);
        }
        return json;
    }

    /// <summary>What an opting-out person says (script step <c>answered-opt-out</c>).</summary>
    public const string OptOutWords = "Please stop calling me and remove me from your list.";

    public static string DisconnectionReason(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered or CallOutcome.LostWebhook or CallOutcome.VoicemailUndetected => "user_hangup",
        CallOutcome.NoAnswer => "dial_no_answer",
        CallOutcome.Busy => "dial_busy",
        CallOutcome.Voicemail => "voicemail_reached",
        CallOutcome.InvalidDestination => "invalid_destination",
        CallOutcome.EndsConcurrencyLimit => "concurrency_limit_reached",
        _ => "error_unknown",
    };

    private static JsonObject Variables(SimulatedCall call)
    {
        var vars = new JsonObject();
        foreach (var (key, value) in call.DynamicVariables!)
            vars[key] = value;
        return vars;
    }

    /// <summary>Mentions the dynamic variables so tests can see that they reached the "agent".</summary>
    internal static string Transcript(SimulatedCall call)
    {
        var name = call.GreetingName();
        var text = new StringBuilder();
        switch (call.Outcome)
        {
            case CallOutcome.Answered or CallOutcome.LostWebhook:
                text.Append("Agent: Hi ").Append(name).Append(", thanks for taking my call.\n");
                text.Append("User: Sure, what is it about?\n");
                AppendDetails(text, call);
                text.Append(call.OptOut ? $"User: {OptOutWords}\n" : "User: Sounds good. Bye.\n");
                text.Append("Agent: Have a nice day!\n");
                break;
            case CallOutcome.Voicemail or CallOutcome.VoicemailUndetected:
                text.Append("User: You have reached the voicemail of ").Append(name).Append(". Please leave a message after the tone.\n");
                text.Append("Agent: Hi ").Append(name).Append(", sorry we missed you. We will call again later.\n");
                break;
            default:
                // Never connected: nothing was said.
                break;
        }
        return text.ToString();
    }

    private static void AppendDetails(StringBuilder text, SimulatedCall call)
    {
        if (call.DynamicVariables is not { Count: > 0 } vars)
            return;
        text.Append("Agent: Let me confirm what I have: ");
        text.AppendJoin("; ", vars.Select(p => $"{p.Key} is {p.Value}"));
        text.Append(".\n");
    }

    private static JsonObject Analysis(SimulatedCall call)
    {
        var name = call.GreetingName();
        var (summary, inVoicemail, sentiment, successful) = call.Outcome switch
        {
            CallOutcome.Answered or CallOutcome.LostWebhook =>
                ($"The agent called {name}, confirmed the details and the user agreed.", false, "Positive", true),
            CallOutcome.Voicemail or CallOutcome.VoicemailUndetected =>
                ($"The call reached the voicemail of {name}; the agent left a message.", true, "Unknown", false),
            _ => ($"The call did not connect ({DisconnectionReason(call.Outcome)}).", false, "Unknown", false),
        };
        return new JsonObject
        {
            ["call_summary"] = summary,
            ["in_voicemail"] = inVoicemail,
            ["user_sentiment"] = sentiment,
            ["call_successful"] = successful,
            ["custom_analysis_data"] = call.OptOut ? new JsonObject { ["opted_out"] = true } : new JsonObject(),
        };
    }
}
