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

    /// <summary>Days a lead may be called, ISO numbers (Monday 1 … Sunday 7), in the lead's local time.</summary>
    public int[] CallingDays { get; set; } = [1, 2, 3, 4, 5, 6, 7];

    /// <summary>Daily window start, minutes after local midnight (09:00 = 540).</summary>
    public int CallingHoursStart { get; set; } = 9 * 60;

    /// <summary>Daily window end, exclusive, minutes after local midnight (20:00 = 1200; 1440 = end of day).</summary>
    public int CallingHoursEnd { get; set; } = 20 * 60;

    /// <summary>IANA zone for leads whose own zone is unknown.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>The agent leads are called with (ProviderGateway's agents, mirrored in <c>agents</c>).</summary>
    public Guid? AgentId { get; set; }

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
