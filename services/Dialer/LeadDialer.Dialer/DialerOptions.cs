namespace LeadDialer.Dialer;

/// <summary>The Dialer's timing, bound from the <c>Dialer</c> configuration section.</summary>
public sealed class DialerOptions
{
    /// <summary>How often the dispatcher looks for work when nothing woke it earlier.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The guide: "System automatically checks every 2 minutes" for leads whose retry delay has passed.</summary>
    public TimeSpan RetrySweepInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A claimed slot whose <c>DialLead</c> was never acted on (it was dead-lettered, say) is
    /// released after this long, so neither the slot nor the lead stays stuck.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The guide: "System automatically cleans up stale in-progress leads after 2 hours".</summary>
    public TimeSpan StaleCallTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the stale-call cleanup looks for calls in progress past <see cref="StaleCallTimeout"/>.</summary>
    public TimeSpan StaleCallCleanupInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Temporary errors in a row placing a lead's call (429, 5xx, network, the provider at its
    /// concurrency or daily limit) after which they count as one failed attempt: the lead then
    /// follows the retry delay and max attempts like an unanswered call, so it always ends.
    /// </summary>
    public int MaxTemporaryErrorsInARow { get; set; } = 5;

    /// <summary>The wait after the first temporary error placing a call; it doubles with each one in a row, up to 10 minutes.</summary>
    public TimeSpan TemporaryErrorFirstWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Replaces the configured retry delay (hours) so end-to-end tests need not wait an hour.
    /// Honoured only when the host environment is <c>Testing</c>; any other environment refuses to
    /// start with it set, so a production configuration cannot shorten retries by accident.
    /// </summary>
    public TimeSpan? TestingRetryDelay { get; set; }

    /// <summary>
    /// How often a dispatch cycle also audits why ready leads are skipped (calling hours, holiday,
    /// consent, per-number caps). Only changed decisions are written; this bounds the scan's cost.
    /// </summary>
    public TimeSpan SkipAuditInterval { get; set; } = TimeSpan.FromSeconds(2);
}
