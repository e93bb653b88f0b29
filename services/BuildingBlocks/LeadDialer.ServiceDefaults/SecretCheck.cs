using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadDialer.ServiceDefaults;

public static class SecretCheckExtensions
{
    /// <summary>
    /// Reports a missing secret (e.g. <c>RETELL_API_KEY</c>) once at start-up and in <c>/health/ready</c>,
    /// never its value. Degraded rather than unhealthy: the development default still works against
    /// the simulator, so a local run is not blocked.
    /// </summary>
    public static IHostApplicationBuilder AddSecretCheck(this IHostApplicationBuilder builder, string variable, string consequence)
    {
        var missing = string.IsNullOrWhiteSpace(builder.Configuration[variable]);
        var message = $"{variable} is not set; {consequence}";
        builder.Services.AddHealthChecks().AddCheck(
            variable.ToLowerInvariant(),
            () => missing ? HealthCheckResult.Degraded(message) : HealthCheckResult.Healthy(),
            tags: [ServiceDefaultsExtensions.ReadyTag]);
        if (missing)
        {
            builder.Services.AddHostedService(sp => new MissingSecretWarning(sp.GetRequiredService<ILogger<MissingSecretWarning>>(), message));
        }

        return builder;
    }

    sealed class MissingSecretWarning(ILogger<MissingSecretWarning> logger, string message) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("{Problem}", message);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
