using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LeadDialer.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace LeadDialer.Messaging;

public sealed class DeadLetterOptions
{
    public const string SectionName = "Messaging:DeadLetters";

    /// <summary>How often the _error queues are counted (the metric and readiness show the last count).</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// What the last count of this service's _error queues found, and which of its own queues had no
/// consumer then (the bus watchdog's evidence that a receive endpoint stopped consuming).
/// </summary>
public sealed record DeadLetterCount(IReadOnlyDictionary<string, long> ByErrorQueue, string? Failure, DateTimeOffset At)
{
    public IReadOnlyList<string> WithoutConsumers { get; init; } = [];
}

/// <summary>
/// Counts the <c>_error</c> queue of each of this service's receive endpoints (learned as they start)
/// every <see cref="DeadLetterOptions.SampleInterval"/>, for the <c>leaddialer.messaging.dead_lettered</c>
/// gauge and the <c>dead-letters</c> readiness check. Anything there outlived every retry (ADR 0008).
/// The same passive declares of the endpoints' own queues tell the <see cref="BusWatchdog"/> which
/// have no consumer, as the broker sees it.
/// </summary>
public sealed class DeadLetterMonitor : BackgroundService, IReceiveEndpointObserver
{
    public const string GaugeName = "leaddialer.messaging.dead_lettered";

    readonly ConcurrentDictionary<string, byte> _queues = new();
    readonly ConnectionFactory _factory;
    readonly IOptions<DeadLetterOptions> _options;
    readonly TimeProvider _time;
    readonly ILogger<DeadLetterMonitor> _logger;
    IConnection? _connection;

    public DeadLetterMonitor(string amqpUri, IHostEnvironment environment, IOptions<DeadLetterOptions> options, TimeProvider time, ILogger<DeadLetterMonitor> logger)
    {
        _factory = DeadLetterQueues.ConnectionFactory(amqpUri, $"{environment.ApplicationName} dead-letter monitor");
        _options = options;
        _time = time;
        _logger = logger;
        Telemetry.Meter.CreateObservableGauge(
            GaugeName,
            () => Last?.ByErrorQueue.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))) ?? [],
            unit: "{message}",
            description: "Messages in this service's _error queues: they failed every retry; deploy/dev.sh replay-errors moves them back.");
    }

    /// <summary>The last count; null until the first one.</summary>
    public DeadLetterCount? Last { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Sample(stoppingToken);
            await Task.Delay(_options.Value.SampleInterval, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    async Task Sample(CancellationToken cancellationToken)
    {
        try
        {
            _connection ??= await _factory.CreateConnectionAsync(cancellationToken);
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var withoutConsumers = new List<string>();
            foreach (var queue in _queues.Keys.Order(StringComparer.Ordinal))
            {
                var errorQueue = DeadLetterQueues.ErrorQueueOf(queue);
                counts[errorQueue] = await DeadLetterQueues.Count(_connection, errorQueue, cancellationToken);
                if (await DeadLetterQueues.Consumers(_connection, queue, cancellationToken) == 0)
                {
                    withoutConsumers.Add(queue);
                }
            }

            foreach (var (errorQueue, count) in counts)
            {
                if (count > (Last?.ByErrorQueue.GetValueOrDefault(errorQueue) ?? 0))
                {
                    _logger.LogWarning("{ErrorQueue} holds {Count} dead-lettered messages; deploy/dev.sh replay-errors moves them back", errorQueue, count);
                }
            }

            Last = new DeadLetterCount(counts, null, _time.GetUtcNow()) { WithoutConsumers = withoutConsumers };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The bus's own check reports a broker outage; here it only means "not counted".
            Last = new DeadLetterCount(Last?.ByErrorQueue ?? new Dictionary<string, long>(), e.Message, _time.GetUtcNow());
            await DropConnection();
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task DropConnection()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DropConnection();
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        // The bus's own temporary endpoint (responses, auto-deleted) has no _error queue worth watching.
        var address = ready.InputAddress;
        if (!address.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase)
            && !address.Query.Contains("autodelete=true", StringComparison.OrdinalIgnoreCase))
        {
            _queues.TryAdd(address.Segments[^1], 0);
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

/// <summary>Readiness stays up (the service works) but says Degraded, naming each _error queue that holds messages and how many.</summary>
public sealed class DeadLetterHealthCheck(DeadLetterMonitor monitor) : IHealthCheck
{
    public const string Name = "dead-letters";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = monitor.Last;
        if (last is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("_error queues not counted yet"));
        }

        var holding = last.ByErrorQueue.Where(q => q.Value > 0).ToList();
        var data = holding.ToDictionary(q => q.Key, q => (object)q.Value);
        if (holding.Count > 0)
        {
            var queues = string.Join(", ", holding.Select(q => $"{q.Key}: {q.Value}"));
            return Task.FromResult(HealthCheckResult.Degraded(
                $"dead-lettered messages in {queues} (deploy/dev.sh replay-errors moves them back)", data: data));
        }

        if (last.Failure is not null)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"_error queues could not be counted: {last.Failure}"));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"no dead letters in {last.ByErrorQueue.Count} _error queues"));
    }
}

public static class DeadLetterMonitorExtensions
{
    /// <summary>The dead-letter monitor of the bus on <paramref name="amqpUri"/>: gauge and readiness check.</summary>
    public static IHostApplicationBuilder AddDeadLetterMonitor(this IHostApplicationBuilder builder, string amqpUri)
    {
        builder.Services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.SectionName);
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DeadLetterMonitor>(sp, amqpUri));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadLetterMonitor>());
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<DeadLetterMonitor>());
        builder.Services.AddHealthChecks().AddCheck<DeadLetterHealthCheck>(DeadLetterHealthCheck.Name, tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
