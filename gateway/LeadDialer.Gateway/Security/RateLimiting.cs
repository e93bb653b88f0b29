using System.Globalization;
using System.Threading.RateLimiting;
using LeadDialer.Gateway.ApiKeys;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LeadDialer.Gateway.Security;

/// <summary>
/// A token bucket per API key: <c>PermitsPerSecond</c> requests a second, bursts up to the same
/// number; beyond that 429 with <c>Retry-After</c>. Open <c>/api/events</c> streams are capped per
/// key (<see cref="EventStreamsPolicy"/>, named on the events route in appsettings.json); requests
/// without a valid key and <c>/admin</c> are limited per client address (<see cref="AddressRateLimiter"/>).
/// Limits are per gateway instance.
/// </summary>
public static class RateLimiting
{
    /// <summary>The policy the <c>events</c> route names (<c>RateLimiterPolicy</c>).</summary>
    public const string EventStreamsPolicy = "event-streams";

    public static IServiceCollection AddApiKeyRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits")
            .Validate(o => o is { UnauthenticatedPerMinute: > 0, AdminPerMinute: > 0, EventStreamsPerKey: > 0 }, "RateLimits__* must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AddressRateLimiter>();
        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Items[ApiKeyMiddleware.KeyItem] is KnownKey key
                    ? RateLimitPartition.GetTokenBucketLimiter(key.Id, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = key.PermitsPerSecond,
                        TokensPerPeriod = key.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = (rejected, _) => TooManyRequests(rejected.HttpContext, RetryAfter(rejected.Lease),
                "This API key's rate limit is used up. Retry after {0} s, or ask an administrator for a key with a higher limit.");
            options.AddPolicy<string, EventStreams>(EventStreamsPolicy);
        });
    }

    /// <summary>429 problem with <c>Retry-After</c>; <paramref name="detail"/> gets the seconds as {0}.</summary>
    public static async ValueTask TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = string.Format(CultureInfo.InvariantCulture, detail, seconds),
            },
        });
    }

    static TimeSpan RetryAfter(RateLimitLease lease) => lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);

    /// <summary>At most <see cref="RateLimitOptions.EventStreamsPerKey"/> open streams per key: each holds a connection here and at Leads for as long as it is open.</summary>
    sealed class EventStreams(IOptions<RateLimitOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected { get; } = (rejected, _) => TooManyRequests(rejected.HttpContext, TimeSpan.FromSeconds(5),
            $"This API key has {options.Value.EventStreamsPerKey} event streams open already, the most it may. Close one (one stream carries every lead's changes) and retry after {{0}} s.");

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            httpContext.Items[ApiKeyMiddleware.KeyItem] is KnownKey key
                ? RateLimitPartition.GetConcurrencyLimiter(key.Id, _ => new ConcurrencyLimiterOptions { PermitLimit = options.Value.EventStreamsPerKey, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty);
    }
}
