using LeadDialer.Contracts;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>
/// A calling agent: which provider places the call and with what. Retell: an external agent id, or an
/// inline agent (prompt, first message, voice, voicemail message) that ProviderGateway creates at Retell,
/// and the caller number. Vapi: an external assistant id (its placeholders read from Vapi) or an inline
/// assistant (first message, system prompt, voicemail message), and the id of the caller number registered in Vapi.
/// </summary>
public sealed class Agent
{
    public Guid Id { get; init; }

    public required string Name { get; set; }

    /// <summary><see cref="ProviderNames.Retell"/> or <see cref="ProviderNames.Vapi"/>.</summary>
    public required string Provider { get; set; }

    /// <summary>Retell's agent id (sent as <c>override_agent_id</c>); when null the agent is defined inline.</summary>
    public string? ExternalAgentId { get; set; }

    /// <summary>An inline Retell agent's voice (Retell's <c>voice_id</c>).</summary>
    public string? VoiceId { get; set; }

    /// <summary>Retell's id of the LLM (response engine) ProviderGateway created for an inline agent.</summary>
    public string? InlineLlmId { get; set; }

    /// <summary>Retell's id of the agent ProviderGateway created for an inline agent (sent as <c>override_agent_id</c>).</summary>
    public string? InlineAgentId { get; set; }

    /// <summary>Retell's caller number (E.164), owned in the Retell workspace.</summary>
    public string? FromNumber { get; set; }

    /// <summary>Vapi's assistant id; when null the assistant is configured inline.</summary>
    public string? AssistantId { get; set; }

    /// <summary>An inline agent's or assistant's first message; with a Vapi assistant id, an override.</summary>
    public string? FirstMessage { get; set; }

    /// <summary>An inline agent's or assistant's prompt (Retell's <c>general_prompt</c>, Vapi's system message).</summary>
    public string? SystemPrompt { get; set; }

    public string? VoicemailMessage { get; set; }

    /// <summary>The placeholders found in the external Vapi assistant's own configuration (<c>GET /assistant/{id}</c>).</summary>
    public List<string> AssistantPlaceholders { get; set; } = [];

    /// <summary>When the agent was last created or updated at Retell (inline) or read from Vapi (external assistant).</summary>
    public DateTimeOffset? ProviderSyncedAt { get; set; }

    /// <summary>What the provider answered when that last failed, verbatim (capped); null when it succeeded.</summary>
    public string? ProviderError
    {
        get => _providerError;
        set => _providerError = value is { Length: > AgentValidation.MaxProviderErrorLength } ? value[..AgentValidation.MaxProviderErrorLength] : value;
    }

    string? _providerError;

    /// <summary>Vapi's id of the caller number registered in the Vapi organisation.</summary>
    public string? PhoneNumberId { get; set; }

    /// <summary>Dialing with this agent is stopped after an account or configuration error.</summary>
    public bool Paused { get; private set; }

    /// <summary>The guide's reason for the pause, e.g. "Agent or assistant not found".</summary>
    public string? PausedReason { get; private set; }

    public DateTimeOffset? PausedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's xmin: a pause and an edit at the same time cannot overwrite each other.</summary>
    public uint Version { get; private set; }

    public bool IsRetellInline => Provider == ProviderNames.Retell && ExternalAgentId is null;

    public bool IsVapiExternal => Provider == ProviderNames.Vapi && AssistantId is not null;

    /// <summary>The Retell agent a call is placed with: the external one, or the one created for the inline agent.</summary>
    public string? RetellAgentId => ExternalAgentId ?? InlineAgentId;

    /// <summary>Every placeholder the call's templates use: the agent's own and, for a Vapi assistant id, the assistant's.</summary>
    public IReadOnlyList<string> Placeholders() =>
        [.. TemplatePlaceholders.Find(FirstMessage, SystemPrompt, VoicemailMessage).Union(AssistantPlaceholders, StringComparer.Ordinal)];

    public AgentSaved ToAgentSaved(DateTimeOffset now) => new(Id, Provider, Name, Paused, PausedReason, now);

    /// <returns>The event to publish, or null when the agent was already paused (the first reason stands).</returns>
    public AgentPaused? Pause(string reason, DateTimeOffset now)
    {
        if (Paused)
        {
            return null;
        }

        Paused = true;
        PausedReason = reason;
        PausedAt = now;
        UpdatedAt = now;
        return new AgentPaused(Id, reason, now);
    }

    /// <returns>The event to publish, or null when the agent was not paused.</returns>
    public AgentResumed? Resume(DateTimeOffset now)
    {
        if (!Paused)
        {
            return null;
        }

        Paused = false;
        PausedReason = null;
        PausedAt = null;
        UpdatedAt = now;
        return new AgentResumed(Id, now);
    }
}

public static class ProviderNames
{
    public const string Retell = "retell";
    public const string Vapi = "vapi";

    public static readonly IReadOnlyList<string> All = [Retell, Vapi];
}
