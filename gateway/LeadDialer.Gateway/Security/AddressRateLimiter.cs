using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LeadDialer.Gateway.Security;

/// <summary>
/// Token buckets per client address for what carries no valid key: refused <c>/api</c> requests
/// (guessing keys) and every <c>/admin</c> request. Requests with a valid key, webhooks (signed,
/// and from the providers' few addresses) and the console's pages never draw from them, so a flood
/// of bad keys from one address starves neither the clients behind it nor the providers.
/// </summary>
public sealed class AddressRateLimiter : IDisposable
{
    readonly PartitionedRateLimiter<string> _unauthenticated;
    readonly PartitionedRateLimiter<string> _admin;

    public AddressRateLimiter(IOptions<RateLimitOptions> options)
    {
        _unauthenticated = PerAddress(options.Value.UnauthenticatedPerMinute);
        _admin = PerAddress(options.Value.AdminPerMinute);
    }

    /// <summary>Takes a permit for a request that will be refused for its key; false (and how long to wait) when the address has none left.</summary>
    public bool TryUnauthenticated(HttpContext context, out TimeSpan retryAfter) => TryAcquire(_unauthenticated, context, out retryAfter);

    public bool TryAdmin(HttpContext context, out TimeSpan retryAfter) => TryAcquire(_admin, context, out retryAfter);

    static bool TryAcquire(PartitionedRateLimiter<string> limiter, HttpContext context, out TimeSpan retryAfter)
    {
        // The gateway is the edge and takes no X-Forwarded-For: the connection's address is the client's.
        using var lease = limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    // A minute's worth as the burst, refilled evenly over the minute.
    static PartitionedRateLimiter<string> PerAddress(int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        _unauthenticated.Dispose();
        _admin.Dispose();
    }
}
