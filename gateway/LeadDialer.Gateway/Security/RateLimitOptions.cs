namespace LeadDialer.Gateway.Security;

/// <summary>Limits that do not depend on a key's own rate (<c>RateLimits</c> in configuration; per gateway instance).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests to <c>/api</c> without a valid key (answered 401/403) per client address and minute; beyond it 429.</summary>
    public int UnauthenticatedPerMinute { get; set; } = 60;

    /// <summary>Requests to <c>/admin</c> per client address and minute, whatever key they carry.</summary>
    public int AdminPerMinute { get; set; } = 30;

    /// <summary>Open <c>/api/events</c> streams per key; one more is answered 429.</summary>
    public int EventStreamsPerKey { get; set; } = 5;
}
