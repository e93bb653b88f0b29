namespace LeadDialer.Dialer.Compliance;

/// <summary>A number on the do-not-call list (<c>dnc_numbers</c>): never dialled while listed.</summary>
public sealed class DncEntry
{
    /// <summary>E.164.</summary>
    public string Phone { get; set; } = null!;

    public string? Reason { get; set; }

    /// <summary>Who listed it: "api", "import", "call &lt;provider call id&gt;" (an opt-out during a call).</summary>
    public string Source { get; set; } = null!;

    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>
/// A do-not-call entry taken off the list (<c>dnc_removals</c>), append-only: the entry as it was,
/// and who removed it, when and why (ADR 0009). A number listed and removed twice has two rows.
/// </summary>
public sealed class DncRemoval
{
    public long Id { get; set; }

    /// <summary>E.164.</summary>
    public string Phone { get; set; } = null!;

    /// <summary>Why the number had been listed.</summary>
    public string? Reason { get; set; }

    public string Source { get; set; } = null!;

    public DateTimeOffset AddedAt { get; set; }

    public DateTimeOffset RemovedAt { get; set; }

    /// <summary>The id of the API key that removed it (from the gateway); null if the request did not come through the gateway.</summary>
    public string? RemovedBy { get; set; }

    public string RemovalReason { get; set; } = null!;
}

/// <summary>
/// One call placed to a number (<c>number_calls</c>), written in the dispatch transaction that
/// claimed it, so the per-number caps count every Dialer instance's calls.
/// </summary>
public sealed class NumberCall
{
    public long Id { get; set; }

    public string Phone { get; set; } = null!;

    public Guid LeadId { get; set; }

    public DateTimeOffset CalledAt { get; set; }
}

/// <summary>
/// One dispatch decision or status change of a lead (<c>dispatch_audit</c>), append-only. Written
/// in the transaction that made the decision; a repeated decision (the same skip every sweep) is
/// written once.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public Guid LeadId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>"dialed", "skipped", or the lead's new status ("pending", "in-progress", "retry", "completed", "failed").</summary>
    public string Decision { get; set; } = null!;

    /// <summary>For "skipped": the rule (a <c>WaitingReasons</c> value).</summary>
    public string? Rule { get; set; }

    public string? Detail { get; set; }

    /// <summary>The lead's wall-clock time when the decision was made, e.g. "2026-11-27 21:30 (America/New_York)".</summary>
    public string? LeadLocalTime { get; set; }
}
