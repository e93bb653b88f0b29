using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace LeadDialer.ServiceDefaults;

public static class ServiceClients
{
    /// <summary>
    /// A typed client for a call to another LeadDialer service, with the standard resilience handler
    /// (as eShop's ServiceDefaults): per-attempt and total timeouts, a circuit breaker, and retries with
    /// jittered backoff for GET/HEAD/OPTIONS only — a POST or PATCH is never sent twice by this layer,
    /// because the service on the other side may already have acted on it.
    /// Not for the provider clients (ProviderGateway has its own pipeline per provider) nor for streams.
    /// </summary>
    /// <param name="attemptTimeout">How long one attempt may take; the whole call gets three times that.</param>
    public static IHttpClientBuilder AddServiceClient<TClient>(this IServiceCollection services, TimeSpan attemptTimeout, Action<IServiceProvider, HttpClient> configure)
        where TClient : class
    {
        var builder = services.AddHttpClient<TClient>((provider, http) =>
        {
            configure(provider, http);
            // The resilience handler owns the timeouts; HttpClient's own would cut its retries short.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            options.AttemptTimeout.Timeout = attemptTimeout;
            options.TotalRequestTimeout.Timeout = attemptTimeout * 3;
            // The breaker must sample at least two attempts' worth (the options' own validation).
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(attemptTimeout.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        });
        return builder;
    }
}
