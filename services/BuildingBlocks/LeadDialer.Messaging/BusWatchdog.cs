using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadDialer.Messaging;

public sealed class BusWatchdogOptions
{
    public const string SectionName = "Messaging:Watchdog";

    /// <summary>How often the bus's health and the dead-letter monitor's last sample are looked at.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the broker may be reachable while this service's endpoints are not all consuming
    /// before the bus is restarted in-process. A normal reconnect after a broker restart takes up to
    /// ~30 s (MassTransit's reconnect backoff); this leaves room for it.
    /// </summary>
    public TimeSpan StallLimit { get; set; } = TimeSpan.FromSeconds(90);
}

/// <summary>
/// Self-healing for a bus that stopped consuming although the broker is up (ADR 0008, "A broker
/// crash"): after a broker SIGKILL, RabbitMQ.Client 7 / MassTransit 8 can leave a receive endpoint
/// faulted, or running on a dead channel with no consumer on its queue (rabbitmq-dotnet-client
/// #1928/#1930, no fixed version). A stall is: the dead-letter monitor's own fresh connection
/// reached the broker, yet the bus says an endpoint is not healthy or the broker says one of our
/// queues has no consumer. A stall longer than <see cref="BusWatchdogOptions.StallLimit"/> restarts
/// the bus (every endpoint and connection anew; messages in flight are redelivered to idempotent
/// consumers). One lasting three limits (restarts did not cure it) fails liveness, so the
/// orchestrator restarts the process.
/// </summary>
public sealed class BusWatchdog(
    IBusControl bus,
    DeadLetterMonitor monitor,
    IOptions<BusWatchdogOptions> options,
    IOptions<DeadLetterOptions> sampling,
    TimeProvider time,
    ILogger<BusWatchdog> logger) : BackgroundService, IHealthCheck
{
    public const string Name = "bus-watchdog";

    static readonly TimeSpan StopStartTimeout = TimeSpan.FromSeconds(60);

    DateTimeOffset? _stalledSince;
    DateTimeOffset? _windowStart;
    string? _stall;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Check(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task Check(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        _stall = Stall(bus.CheckHealth(), monitor.Last, now, sampling.Value.SampleInterval * 2 + options.Value.CheckInterval);
        if (_stall is null)
        {
            if (_stalledSince is not null)
            {
                logger.LogInformation("Bus consuming again after {Duration}", now - _stalledSince);
            }

            _stalledSince = _windowStart = null;
            return;
        }

        _stalledSince ??= now;
        _windowStart ??= now;
        if (now - _windowStart < options.Value.StallLimit)
        {
            return;
        }

        logger.LogError("The broker is reachable but the bus has not consumed for {Duration} ({Stall}); restarting the bus", now - _stalledSince, _stall);
        try
        {
            await RestartBus(stoppingToken);
            logger.LogWarning("Bus restarted");
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Bus restart failed; the next check tries again");
        }

        // A full limit again before the next restart: the restarted endpoints need time to connect.
        _windowStart = time.GetUtcNow();
    }

    /// <summary>Every connection and receive endpoint of the bus anew: what a stall gets.</summary>
    public async Task RestartBus(CancellationToken cancellationToken)
    {
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stop.CancelAfter(StopStartTimeout);
            await bus.StopAsync(stop.Token);
        }

        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(StopStartTimeout);
        await bus.StartAsync(start.Token);
    }

    /// <summary>
    /// Why the bus counts as stalled now, or null: not stalled, or the broker itself is unreachable
    /// (an outage is waited out, not restarted). Only a successful sample newer than
    /// <paramref name="freshness"/> proves the broker takes new connections.
    /// </summary>
    public static string? Stall(BusHealthResult health, DeadLetterCount? sample, DateTimeOffset now, TimeSpan freshness)
    {
        if (sample is not { Failure: null } || now - sample.At > freshness)
        {
            return null;
        }

        if (health.Status != BusHealthStatus.Healthy)
        {
            return $"bus {health.Status}: {health.Description}";
        }

        return sample.WithoutConsumers.Count > 0 ? $"no consumer on {string.Join(", ", sample.WithoutConsumers)}" : null;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = _stalledSince;
        if (since is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var duration = time.GetUtcNow() - since.Value;
        return Task.FromResult(duration > options.Value.StallLimit * 3
            ? HealthCheckResult.Unhealthy($"the bus has not consumed for {duration:g} with the broker up, restarts did not help: {_stall}")
            : HealthCheckResult.Degraded($"the bus has not consumed for {duration:g} with the broker up: {_stall}"));
    }
}

public static class BusWatchdogExtensions
{
    /// <summary>The bus watchdog: a hosted service and a liveness check (tag "live").</summary>
    public static IHostApplicationBuilder AddBusWatchdog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BusWatchdogOptions>().BindConfiguration(BusWatchdogOptions.SectionName);
        builder.Services.AddSingleton<BusWatchdog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BusWatchdog>());
        builder.Services.AddHealthChecks().AddCheck<BusWatchdog>(BusWatchdog.Name, tags: ["live"]);
        return builder;
    }
}
