namespace LeadDialer.Contracts;

/// <summary>The five statuses of the user guide, spelled as they are on the wire.</summary>
public static class LeadStatus
{
    /// <summary>Ready to Call.</summary>
    public const string Pending = "pending";

    /// <summary>Call Active.</summary>
    public const string InProgress = "in-progress";

    /// <summary>Waiting for Retry Delay.</summary>
    public const string Retry = "retry";

    /// <summary>Finished: answered, or max attempts reached.</summary>
    public const string Completed = "completed";

    /// <summary>Permanent Error.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, InProgress, Retry, Completed, Failed];
}
