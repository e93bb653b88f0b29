namespace LeadDialer.Dialer.Settings;

/// <summary>Settings → Calling Configuration: one row, read by the dispatcher every cycle.</summary>
public sealed class CallingSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>The guide: leads are called "when auto-calling is enabled".</summary>
    public bool AutoCallingEnabled { get; set; }

    public int MaxConcurrentCalls { get; set; }

    /// <summary>1 to 168 hours.</summary>
    public int RetryDelayHours { get; set; }

    public int MaxAttempts { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static CallingSettings Defaults => new()
    {
        AutoCallingEnabled = true,
        MaxConcurrentCalls = 5,
        RetryDelayHours = 2,
        MaxAttempts = 3,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };
}
