using LeadDialer.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace LeadDialer.IntegrationTests.Messaging;

/// <summary>
/// A service's messaging exactly as the services wire it (<c>AddMessaging</c>: retries, dead-letter
/// monitor) on the real broker (<c>LEADDIALER_TEST_RABBITMQ</c>), under a service name of its own so
/// its queues are its own; they are deleted when it is disposed.
/// </summary>
sealed class RabbitMqServiceHost : IAsyncDisposable
{
    readonly IHost _host;
    readonly IConnection _connection;

    readonly string _service;

    RabbitMqServiceHost(IHost host, IConnection connection, string service, string queue)
    {
        _host = host;
        _connection = connection;
        _service = service;
        Queue = queue;
    }

    public static string RabbitMq => Environment.GetEnvironmentVariable("LEADDIALER_TEST_RABBITMQ")
        ?? throw new InvalidOperationException("LEADDIALER_TEST_RABBITMQ is not set. Run the tests with 'deploy/dev.sh test', which creates the test vhost and sets it.");

    /// <summary>The queue of <typeparamref name="TConsumer"/>, the host's one consumer.</summary>
    public string Queue { get; }

    public string ErrorQueue => DeadLetterQueues.ErrorQueueOf(Queue);

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a host whose bus has one consumer, with the given settings over the production defaults.</summary>
    public static async Task<RabbitMqServiceHost> Start<TConsumer>(Action<IServiceCollection> services, IDictionary<string, string?> settings)
        where TConsumer : class, IConsumer
    {
        var service = $"spec-{Guid.NewGuid():N}"[..17];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ApplicationName = service, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["ConnectionStrings:rabbitmq"] = RabbitMq });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        services(builder.Services);
        builder.AddMessaging(service, bus => bus.AddConsumer<TConsumer>());
        var host = builder.Build();
        await host.StartAsync();

        var connection = await DeadLetterQueues.ConnectionFactory(RabbitMq, "integration test").CreateConnectionAsync();
        var queue = new KebabCaseEndpointNameFormatter(service, includeNamespace: false).Consumer<TConsumer>();
        return new RabbitMqServiceHost(host, connection, service, queue);
    }

    public async Task Send<T>(T message)
        where T : class
    {
        var endpoint = await Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Queue}"));
        await endpoint.Send(message);
    }

    /// <summary>Messages ready or unacknowledged in the queue.</summary>
    public Task<long> Queued() => DeadLetterQueues.Count(_connection, Queue, CancellationToken.None);

    /// <summary>
    /// Closes the bus's broker connection from the broker's side (<c>rabbitmqctl close_connection</c>,
    /// needs root), as a broker restart does, without touching anyone else's connections.
    /// </summary>
    public async Task CloseBusConnection()
    {
        var vhost = Uri.UnescapeDataString(new Uri(RabbitMq).AbsolutePath.TrimStart('/'));
        var listed = await Rabbitmqctl("list_connections", "-p", vhost, "pid", "client_properties", "--no-table-headers");
        var ours = listed.Split('\n').Where(l => l.Contains($"{{\"connection_name\",\"{_service}\"}}", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count > 0, $"No broker connection named {_service} in vhost {vhost}:\n{listed}");
        foreach (var line in ours)
        {
            await Rabbitmqctl("close_connection", line.Split('\t')[0], "integration test: broker restart");
        }
    }

    static async Task<string> Rabbitmqctl(params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("rabbitmqctl", ["-q", .. args]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {string.Join(' ', args)} exited {process.ExitCode}");
        return output;
    }

    public Task<long> DeadLettered() => DeadLetterQueues.Count(_connection, ErrorQueue, CancellationToken.None);

    public async Task<HealthCheckResult> DeadLetterHealth()
    {
        var report = await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == DeadLetterHealthCheck.Name);
        var entry = report.Entries[DeadLetterHealthCheck.Name];
        return new HealthCheckResult(entry.Status, entry.Description, entry.Exception, entry.Data);
    }

    public static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {within.TotalSeconds} s waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await using (var channel = await _connection.CreateChannelAsync())
        {
            foreach (var name in new[] { Queue, ErrorQueue })
            {
                await channel.QueueDeleteAsync(name);
                await channel.ExchangeDeleteAsync(name);
            }
        }

        await _connection.DisposeAsync();
    }
}
