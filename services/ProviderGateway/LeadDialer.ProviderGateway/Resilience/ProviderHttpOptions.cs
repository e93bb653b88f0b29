namespace LeadDialer.ProviderGateway;

/// <summary>How ProviderGateway talks to one provider's API (<c>Providers:&lt;name&gt;:Http</c>).</summary>
public sealed class ProviderHttpOptions
{
    /// <summary>Time allowed for one HTTP request.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ceiling over the whole pipeline, waits for the rate limit and 429 retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Client-side rate limit: requests per second to this provider (the provider's own limits are lower than our bursts).</summary>
    public int RequestsPerSecond { get; set; } = 20;

    /// <summary>Requests allowed to wait for a rate-limit token; beyond that they fail fast as "Rate limit exceeded".</summary>
    public int QueueLimit { get; set; } = 200;

    /// <summary>A 429 is retried (it placed nothing) this many times, after the provider's Retry-After.</summary>
    public int MaxRateLimitRetries { get; set; } = 2;

    /// <summary>A Retry-After longer than this is not waited for: the call fails as "Rate limit exceeded" and the Dialer retries later.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests in 30 s before the circuit breaker judges the provider (it opens at half of them
    /// failing, for 15 s). Tests raise it so one test's scripted 500s do not refuse the next test's calls.
    /// </summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>After a create whose answer was lost: how often the call is looked up by its call attempt id before it is declared not placed.</summary>
    public int LookupAttempts { get; set; } = 6;

    /// <summary>First wait between lookups; doubles each time.</summary>
    public TimeSpan LookupDelay { get; set; } = TimeSpan.FromSeconds(1);
}
