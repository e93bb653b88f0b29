using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.RateLimiting;

namespace LeadDialer.ProviderGateway;

/// <summary>
/// The HTTP pipeline in front of one provider (Polly, through Microsoft.Extensions.Http.Resilience):
/// total timeout → 429 retry → circuit breaker → client-side rate limit → attempt timeout.
/// Only a 429 is retried: the provider refused it, so nothing was dialled. Anything else that may
/// have reached the provider is never re-sent (create-call is not idempotent).
/// </summary>
public static class ProviderResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ProviderHttpOptions options, TimeProvider time)
    {
        pipeline
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRateLimitRetries),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                    && options.MaxRateLimitRetries > 0
                    && RetryAfter(response, time) <= options.MaxRetryAfter),
                // Retry-After as the provider gives it (seconds or a date); a second when it gives none.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Result is { } response ? RetryAfter(response, time) : TimeSpan.FromSeconds(1)),
                ShouldRetryAfterHeader = false,
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                // Stop hammering a provider that keeps failing; calls fail fast as temporary meanwhile.
                // A 429 is an answer, not a failure of the provider.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null
                    || args.Outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError }),
                FailureRatio = 0.5,
                MinimumThroughput = Math.Max(2, options.CircuitBreakerMinimumThroughput),
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = PartitionedLimiter(options),
            })
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>A token bucket refilled every 100 ms, so the rate is smooth rather than bursty per second.</summary>
    static Func<RateLimiterArguments, ValueTask<RateLimitLease>> PartitionedLimiter(ProviderHttpOptions options)
    {
        var perTick = Math.Max(1, options.RequestsPerSecond / 10);
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.RequestsPerSecond),
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100 * perTick * 10.0 / Math.Max(1, options.RequestsPerSecond)),
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        return args => limiter.AcquireAsync(1, args.Context.CancellationToken);
    }

    public static TimeSpan RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(1);
    }
}
