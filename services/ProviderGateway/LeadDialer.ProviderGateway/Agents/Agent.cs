using LeadDialer.Contracts;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>
/// A calling agent: which provider places the call and with what. Retell: an external agent id and
/// the caller number. Vapi: an external assistant id or an inline assistant (first message, system
/// prompt, voicemail message), and the id of the caller number registered in Vapi.
/// </summary>
public sealed class Agent
{
    public Guid Id { get; init; }

    public required string Name { get; set; }

    /// <summary><see cref="ProviderNames.Retell"/> or <see cref="ProviderNames.Vapi"/>.</summary>
    public required string Provider { get; set; }

    /// <summary>Retell's agent id (sent as <c>override_agent_id</c>).</summary>
    public string? ExternalAgentId { get; set; }

    /// <summary>Retell's caller number (E.164), owned in the Retell workspace.</summary>
    public string? FromNumber { get; set; }

    /// <summary>Vapi's assistant id; when null the assistant is configured inline.</summary>
    public string? AssistantId { get; set; }

    public string? FirstMessage { get; set; }

    public string? SystemPrompt { get; set; }

    public string? VoicemailMessage { get; set; }

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
