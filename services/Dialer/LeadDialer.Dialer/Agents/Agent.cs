namespace LeadDialer.Dialer.Agents;

/// <summary>
/// The Dialer's copy of one of ProviderGateway's agents, kept from its <c>Agent*</c> events, so
/// dispatch can tell whether the selected agent exists and is not paused without asking.
/// </summary>
public sealed class Agent
{
    public Guid AgentId { get; set; }

    public string Provider { get; set; } = null!;

    public string Name { get; set; } = null!;

    public bool Paused { get; set; }

    public string? PausedReason { get; set; }

    /// <summary>Kept as a tombstone, so an older <c>AgentSaved</c> arriving late cannot bring it back.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Time of the newest event applied; older events are ignored (they arrive out of order).</summary>
    public DateTimeOffset ChangedAt { get; set; }
}
