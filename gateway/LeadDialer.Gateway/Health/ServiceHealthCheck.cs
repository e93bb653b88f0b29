using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace LeadDialer.Gateway.Health;

/// <summary>
/// The gateway's view of one cluster: every destination's <c>/health/ready</c>. A service that is
/// down makes the gateway Degraded, not Unhealthy — the gateway still serves the other routes, and
/// must not be taken out of a load balancer because one service behind it is.
/// </summary>
public sealed class ServiceHealthCheck(string clusterId, IProxyStateLookup proxy, IHttpClientFactory httpClients) : IHealthCheck
{
    public const string HttpClientName = "health";
    public const string Tag = "services";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(clusterId, out var cluster) || cluster.Destinations.IsEmpty)
        {
            return HealthCheckResult.Degraded($"Cluster '{clusterId}' has no destinations.");
        }

        var http = httpClients.CreateClient(HttpClientName);
        var results = await Task.WhenAll(cluster.Destinations.Values.Select(async destination =>
        {
            var address = destination.Model.Config.Address.TrimEnd('/');
            try
            {
                using var response = await http.GetAsync($"{address}/health/ready", cancellationToken);
                var status = response.IsSuccessStatusCode
                    ? (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["status"] ?? "Healthy"
                    : $"HTTP {(int)response.StatusCode}";
                return (destination.DestinationId, Status: status);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                return (destination.DestinationId, Status: $"unreachable ({ex.GetType().Name})");
            }
        }));

        var data = results.ToDictionary(r => r.DestinationId, r => (object)r.Status);
        var description = string.Join(", ", results.Select(r => $"{r.DestinationId}: {r.Status}"));
        return results.All(r => r.Status == nameof(HealthStatus.Healthy))
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Degraded(description, data: data);
    }
}

public static class ServiceHealthExtensions
{
    /// <summary>One check per YARP cluster in configuration, in the gateway's <c>/health/ready</c>.</summary>
    public static IHostApplicationBuilder AddServiceHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(ServiceHealthCheck.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(3));
        var checks = builder.Services.AddHealthChecks();
        foreach (var cluster in builder.Configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            var clusterId = cluster.Key;
            checks.Add(new HealthCheckRegistration(
                clusterId,
                sp => ActivatorUtilities.CreateInstance<ServiceHealthCheck>(sp, clusterId),
                HealthStatus.Degraded,
                [LeadDialer.ServiceDefaults.ServiceDefaultsExtensions.ReadyTag, ServiceHealthCheck.Tag]));
        }

        return builder;
    }
}
