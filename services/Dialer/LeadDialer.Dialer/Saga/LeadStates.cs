namespace LeadDialer.Dialer.Saga;

/// <summary>
/// The names <see cref="LeadStateMachine"/>'s states are stored under (<c>lead_sagas.current_state</c>):
/// the State properties' names, so SQL and C# cannot drift when a state is renamed.
/// </summary>
public static class LeadStates
{
    public const string Pending = nameof(LeadStateMachine.Pending);
    public const string InProgress = nameof(LeadStateMachine.InProgress);
    public const string Retry = nameof(LeadStateMachine.Retry);
    public const string Completed = nameof(LeadStateMachine.Completed);
    public const string Failed = nameof(LeadStateMachine.Failed);

    /// <summary>The user deleted the lead; not a status on the wire.</summary>
    public const string Deleted = nameof(LeadStateMachine.Deleted);
}
