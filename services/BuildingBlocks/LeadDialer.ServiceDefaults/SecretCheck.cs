using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadDialer.ServiceDefaults;

public static class SecretCheckExtensions
{
    /// <summary>Keys shorter than this are refused outside Development: a guessable key is no key.</summary>
    public const int MinimumKeyLength = 24;

    /// <summary>
    /// The one rule for secrets. Outside Development (and the test-only Testing environment) a secret
    /// that is missing, equal to a value shipped in this repository (<paramref name="shippedValues"/>)
    /// or, for a key, shorter than <see cref="MinimumKeyLength"/> stops the service at start with one
    /// line naming the variable: failing closed, so production never runs on public development values.
    /// In Development a missing secret is only reported (log + Degraded readiness), never its value,
    /// because the development defaults work against the simulator.
    /// </summary>
    public static IHostApplicationBuilder AddSecretCheck(
        this IHostApplicationBuilder builder,
        string variable,
        string consequence,
        IReadOnlyCollection<string> shippedValues,
        bool isKey = false)
    {
        var value = builder.Configuration[variable];
        if (!AllowsDevelopmentSecrets(builder.Environment) && Refusal(variable, value, shippedValues, isKey) is { } refusal)
        {
            // One line on stderr and a non-zero exit: an operator sees exactly what to set.
            Console.Error.WriteLine(refusal);
            Environment.Exit(ExitCode);
        }

        var missing = string.IsNullOrWhiteSpace(value);
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

    /// <summary>The exit code of a service refused for a secret (EX_CONFIG).</summary>
    public const int ExitCode = 78;

    /// <summary>Development (dev.sh up, compose) and Testing (the test harness) may run on development values.</summary>
    public static bool AllowsDevelopmentSecrets(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    /// <summary>Why <paramref name="value"/> is not acceptable outside Development, or null when it is.</summary>
    public static string? Refusal(string variable, string? value, IReadOnlyCollection<string> shippedValues, bool isKey)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{variable} is not set: set {variable} to your own secret (outside Development the service does not start without it).";
        }

        if (shippedValues.Any(v => string.Equals(v, value.Trim(), StringComparison.Ordinal)))
        {
            return $"{variable} holds a value refused here (a development value shipped with LeadDialer, or one another variable already uses): set {variable} to a secret of its own.";
        }

        if (isKey && value.Length < MinimumKeyLength)
        {
            return $"{variable} is shorter than {MinimumKeyLength} characters: set {variable} to a key of at least {MinimumKeyLength} random characters.";
        }

        return null;
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
