using System.Globalization;
using System.Threading.RateLimiting;
using LeadDialer.Gateway.ApiKeys;
using Microsoft.AspNetCore.RateLimiting;

namespace LeadDialer.Gateway.Security;

/// <summary>
/// A token bucket per API key: <c>PermitsPerSecond</c> requests a second, bursts up to the same
/// number; beyond that 429 with <c>Retry-After</c>. Limits are per gateway instance.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddApiKeyRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
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
            options.OnRejected = OnRejected;
        });

    static async ValueTask OnRejected(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
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
                Detail = $"This API key's rate limit is used up. Retry after {seconds} s, or ask an administrator for a key with a higher limit.",
            },
        });
    }
}
