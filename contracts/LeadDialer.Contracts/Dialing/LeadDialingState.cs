namespace LeadDialer.Contracts.Dialing;

/// <summary>
/// HTTP contract (not a bus message): the Dialer's answer to <c>GET /api/dialer/leads/{leadId}</c>,
/// which the Leads service shows in lead details. Explains when and why a lead will (not) be called.
/// </summary>
/// <param name="Status">The saga's status (<see cref="LeadStatus"/>).</param>
/// <param name="WaitingReason">One of <see cref="WaitingReasons"/>; null when nothing holds the lead back.</param>
/// <param name="Message">The reason in the seed's words, e.g. "Outside calling hours until 09:00 local (America/New_York)".</param>
/// <param name="WaitingUntil">When the reason stops applying, when that is known (end of backoff, retry due, window opens).</param>
public sealed record LeadDialingState(
    Guid LeadId,
    string Status,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextRetryAt,
    string? WaitingReason,
    string? Message,
    DateTimeOffset? WaitingUntil);

/// <summary>Machine-readable values of <see cref="LeadDialingState.WaitingReason"/>.</summary>
public static class WaitingReasons
{
    public const string AutoCallingOff = "auto-calling-off";
    public const string OutsideCallingHours = "outside-calling-hours";
    public const string NoAgentSelected = "no-agent-selected";
    public const string AgentPaused = "agent-paused";
    public const string AtMaxConcurrentCalls = "at-max-concurrent-calls";
    public const string BackingOff = "backing-off";
    public const string RetryDelay = "retry-delay";

    // Compliance (issue 9): the rules the dispatcher applies in the same step that claims a slot.
    public const string OnDoNotCallList = "on-do-not-call-list";
    public const string OutsidePermittedHours = "outside-permitted-calling-hours";
    public const string Holiday = "holiday";
    public const string ConsentRequired = "consent-required";
    public const string NumberCallLimit = "number-call-limit";
}
