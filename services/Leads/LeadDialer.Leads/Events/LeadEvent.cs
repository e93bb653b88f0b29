namespace LeadDialer.Leads.Events;

/// <summary>
/// A row of <c>lead_events</c>: one status change or call result, as sent on <c>GET /api/events</c>.
/// The bigserial id is the SSE event id; every Leads instance reads the same table, so a client
/// that reconnects to any instance with <c>Last-Event-ID</c> gets what it missed.
/// </summary>
public sealed class LeadEvent
{
    public long Id { get; set; }

    /// <summary>One of <see cref="LeadEventTypes"/>.</summary>
    public required string Type { get; set; }

    public Guid LeadId { get; set; }

    /// <summary>The lead's status after the event.</summary>
    public string? Status { get; set; }

    /// <summary>The event's JSON as clients receive it.</summary>
    public required string Data { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

public static class LeadEventTypes
{
    public const string StatusChanged = "lead-status-changed";
    public const string CallResult = "call-result";
    public const string Deleted = "lead-deleted";
}
