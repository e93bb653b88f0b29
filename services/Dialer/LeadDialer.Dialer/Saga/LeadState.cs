using LeadDialer.Contracts;
using MassTransit;

namespace LeadDialer.Dialer.Saga;

/// <summary>One lead's calling state: a row of <c>lead_sagas</c>, owned by <see cref="LeadStateMachine"/>.</summary>
public sealed class LeadState : SagaStateMachineInstance
{
    /// <summary>The lead id.</summary>
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = null!;

    /// <summary>Grows with every status change; orders <see cref="LeadStatusChanged"/> for consumers.</summary>
    public int Version { get; set; }

    public LeadDetails Lead { get; set; } = null!;

    /// <summary>Calls actually placed.</summary>
    public int Attempts { get; set; }

    /// <summary>The calling configuration the current or last attempt was made under.</summary>
    public int MaxAttempts { get; set; }

    public TimeSpan RetryDelay { get; set; }

    /// <summary>When the lead became (or becomes, after a temporary error) ready to call: the dispatch order.</summary>
    public DateTimeOffset ReadyAt { get; set; }

    /// <summary>Set by the dispatcher when it claims a calling slot for this lead, cleared when the claim is used.</summary>
    public DateTimeOffset? DialRequestedAt { get; set; }

    public Guid? CallAttemptId { get; set; }

    public string? ProviderCallId { get; set; }

    public DateTimeOffset? InProgressSince { get; set; }

    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Temporary errors in a row while placing the call; drives the growing wait.</summary>
    public int TemporaryFailures { get; set; }

    public CallOutcome? LastOutcome { get; set; }

    public LeadError? LastError { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The zone the lead's calling hours are read in: an IANA name, "" for the account default, or
    /// null when not resolved yet. Kept in step with <see cref="Lead"/> when the saga is written.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>Why the lead was completed without being answered, e.g. "Max attempts reached (3 of 3)".</summary>
    public string? CompletedReason { get; set; }

    /// <summary>The lead details <see cref="TimeZone"/> was resolved from (not stored): a changed lead is resolved again.</summary>
    internal LeadDetails? TimeZoneResolvedFor { get; set; }

    /// <summary>
    /// W3C traceparent of the message that made the lead ready, so the dispatcher — a loop with no
    /// trace of its own — continues the lead's trace when it dials it.
    /// </summary>
    public string? TraceParent { get; set; }
}
