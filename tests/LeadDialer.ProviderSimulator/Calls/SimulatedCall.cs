using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Outcomes;

namespace LeadDialer.ProviderSimulator.Calls;

public enum CallPhase
{
    Registered,
    Ongoing,
    Ended,
    NotConnected,
}

/// <summary>
/// One created call, provider-neutral: each provider renders it into its own wire shape.
/// Mutable parts change under a lock because the lifecycle task and GET requests race.
/// </summary>
public sealed class SimulatedCall
{
    private readonly Lock _gate = new();

    public required string CallId { get; init; }
    public required string Provider { get; init; }
    public required string FromNumber { get; init; }
    public required string ToNumber { get; init; }
    public required string AgentId { get; init; }
    public int AgentVersion { get; init; }
    public required CallOutcome Outcome { get; init; }

    /// <summary>The answered person asked not to be called again (script step <c>answered-opt-out</c>).</summary>
    public bool OptOut { get; init; }

    /// <summary>What the call is rendered as: an opt-out is an answered call with more said.</summary>
    public static (CallOutcome Outcome, bool OptOut) Resolve(CallOutcome planned) => planned switch
    {
        CallOutcome.CreateSlow => (CallOutcome.Answered, false),
        CallOutcome.AnsweredOptOut => (CallOutcome.Answered, true),
        _ => (planned, false),
    };
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The request body exactly as received, so tests can assert what the system sent.</summary>
    public required JsonElement RequestBody { get; init; }
    public JsonObject? Metadata { get; init; }
    public IReadOnlyDictionary<string, string>? DynamicVariables { get; init; }

    /// <summary>Parts of the request the provider echoes in its call object (Vapi: assistantOverrides, customer, assistant).</summary>
    public JsonObject? Echo { get; init; }

    /// <summary>The first message as the callee hears it (templates rendered), when the provider takes one.</summary>
    public string? FirstMessage { get; init; }

    public CallPhase Phase { get { lock (_gate) return _phase; } }
    public DateTimeOffset? StartedAt { get { lock (_gate) return _startedAt; } }
    public DateTimeOffset? EndedAt { get { lock (_gate) return _endedAt; } }

    private CallPhase _phase = CallPhase.Registered;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _endedAt;

    public void MarkStarted(DateTimeOffset at)
    {
        lock (_gate)
        {
            _phase = CallPhase.Ongoing;
            _startedAt = at;
        }
    }

    public void MarkEnded(DateTimeOffset at)
    {
        lock (_gate)
        {
            _phase = Outcome.Connects() || Outcome == CallOutcome.LostWebhook ? CallPhase.Ended : CallPhase.NotConnected;
            // Calls that never connect have no talk time: start and end coincide.
            _startedAt ??= at;
            _endedAt = at;
        }
    }

    /// <summary>Name to greet in transcripts: the first common "name" variable, so tests can see variables arrived.</summary>
    public string GreetingName()
    {
        if (DynamicVariables is null)
            return "there";
        foreach (var key in new[] { "customer_name", "first_name", "name", "full_name", "lead_name" })
        {
            if (DynamicVariables.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                return value;
        }
        return DynamicVariables.Values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "there";
    }
}
