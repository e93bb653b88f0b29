using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LeadDialer.Webhooks.Retell;

/// <summary>
/// Reports a missing RETELL_API_KEY at start-up and in /health/ready. Degraded, not unhealthy:
/// the development key still verifies the simulator's webhooks.
/// </summary>
sealed class RetellApiKeyCheck(IOptions<RetellWebhookOptions> options, ILogger<RetellApiKeyCheck> logger) : IHealthCheck, IHostedService
{
    const string Missing = $"{RetellWebhookOptions.ApiKeyVariable} is not set; webhooks are verified with the development key, which only the simulator signs with.";

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
