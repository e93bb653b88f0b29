using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderGateway.Retell;

/// <summary>
/// Reports a missing RETELL_API_KEY at start-up and in /health/ready. Degraded, not unhealthy:
/// the development key still works against the simulator.
/// </summary>
sealed class RetellApiKeyCheck(IOptions<RetellOptions> options, ILogger<RetellApiKeyCheck> logger) : IHealthCheck, IHostedService
{
    const string Missing = $"{RetellOptions.ApiKeyVariable} is not set; the development key is used, which only the simulator accepts.";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(options.Value.ApiKeyMissing ? HealthCheckResult.Degraded(Missing) : HealthCheckResult.Healthy());

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ApiKeyMissing)
        {
            logger.LogWarning(Missing);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
