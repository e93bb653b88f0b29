using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LeadDialer.IntegrationTests.Messaging;

public sealed record RecordVisit(Guid VisitId);

/// <summary>What the consumer was asked and did; <see cref="Refusing"/> makes every message a bad one.</summary>
public sealed class VisitBook(string connectionString)
{
    readonly ConcurrentDictionary<Guid, int> _attempts = new();

    public string ConnectionString { get; } = connectionString;

    public volatile bool Refusing;

    public int Attempts(Guid visitId) => _attempts.GetValueOrDefault(visitId);

    /// <summary>Whether the broker has delivered the message again (after a lost channel).</summary>
    public volatile bool SawRedelivery;

    public void Tried(Guid visitId) => _attempts.AddOrUpdate(visitId, 1, (_, n) => n + 1);
}

/// <summary>Writes a row per visit, as every LeadDialer consumer writes to its database.</summary>
public sealed class RecordVisitConsumer(VisitBook book) : IConsumer<RecordVisit>
{
    public async Task Consume(ConsumeContext<RecordVisit> context)
    {
        book.Tried(context.Message.VisitId);
        book.SawRedelivery |= context.ReceiveContext.Redelivered;
        if (book.Refusing)
        {
            throw new ArgumentException($"Visit {context.Message.VisitId} is not one we know.");
        }

        await using var connection = new NpgsqlConnection(book.ConnectionString);
        await connection.OpenAsync(context.CancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO visits (id) VALUES ($1) ON CONFLICT DO NOTHING", connection);
        insert.Parameters.Add(new() { Value = context.Message.VisitId });
        await insert.ExecuteNonQueryAsync(context.CancellationToken);
    }
}

/// <summary>
/// ADR 0008 on the real broker and database: an outage is waited out, a bad message is
/// dead-lettered after the short retries and then shows in readiness and the metric, and
/// <c>deploy/dev.sh replay-errors</c> puts it back.
/// </summary>
public sealed class RedeliverySpecs : IAsyncLifetime
{
    // Minutes in production; here the same doubling schedule squeezed to about 2 minutes.
    static readonly Dictionary<string, string?> Settings = new()
    {
        ["Messaging:Redelivery:FirstInterval"] = "00:00:00.100",
        ["Messaging:Redelivery:MaxInterval"] = "00:00:01",
        ["Messaging:Redelivery:Total"] = "00:02:00",
        ["Messaging:DeadLetters:SampleInterval"] = "00:00:00.200",
    };

    // The old policy: 1 try + 8 quick retries, about 6 s, then _error.
    const int ShortTries = 9;
    static readonly TimeSpan OldBudget = TimeSpan.FromSeconds(6);

    TestDatabase _database = null!;
    VisitBook _book = null!;
    RabbitMqServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.Create("redelivery");
        await _database.Scalar<int>("CREATE TABLE visits (id uuid PRIMARY KEY); SELECT 1");
        // No pool: each try opens a new session, as after a server restart.
        _book = new VisitBook(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        _host = await RabbitMqServiceHost.Start<RecordVisitConsumer>(s => s.AddSingleton(_book), Settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_database_outage_longer_than_the_short_retries_is_waited_out_and_dead_letters_nothing()
    {
        var visit = Guid.NewGuid();
        await _database.RefuseConnections();
        var outage = Stopwatch.StartNew();

        await _host.Send(new RecordVisit(visit));
        // Well past the old budget (tries and time), and with the message still held, not dead-lettered.
        await RabbitMqServiceHost.Eventually(
            () => Task.FromResult(outage.Elapsed > 3 * OldBudget && _book.Attempts(visit) > 2 * ShortTries),
            "the consumer to keep retrying through a 20 s outage",
            TimeSpan.FromSeconds(60));
        Assert.Equal(0, await _host.DeadLettered());

        await _database.AcceptConnections();

        await RabbitMqServiceHost.Eventually(async () => await VisitsRecorded(visit) == 1, "the visit to be recorded once the database is back", TimeSpan.FromSeconds(30));
        Assert.Equal(0, await _host.DeadLettered());
    }

    [Fact]
    public async Task A_broker_connection_lost_while_a_message_waits_out_an_outage_redelivers_it_safely()
    {
        var visit = Guid.NewGuid();
        await _database.RefuseConnections();
        await _host.Send(new RecordVisit(visit));
        await RabbitMqServiceHost.Eventually(() => Task.FromResult(_book.Attempts(visit) > 3), "the first tries", TimeSpan.FromSeconds(30));

        // What a broker restart does to the service: its connection and channels are gone, the
        // unacknowledged message goes back to the queue and is delivered again after the reconnect.
        await _host.CloseBusConnection();
        await RabbitMqServiceHost.Eventually(() => Task.FromResult(_book.SawRedelivery), "the message to be delivered again", TimeSpan.FromSeconds(60));
        Assert.Equal(0, await _host.DeadLettered());

        await _database.AcceptConnections();

        await RabbitMqServiceHost.Eventually(async () => await VisitsRecorded(visit) == 1, "the visit to be recorded", TimeSpan.FromSeconds(30));
        await RabbitMqServiceHost.Eventually(async () => await _host.Queued() == 0, "the queue to be empty", TimeSpan.FromSeconds(10));
        Assert.Equal(0, await _host.DeadLettered());
    }

    [Fact]
    public async Task A_bus_the_watchdog_restarts_consumes_again_and_its_queue_has_a_consumer()
    {
        // What the watchdog does to a bus that stopped consuming with the broker up (ADR 0008).
        await _host.Services.GetRequiredService<BusWatchdog>().RestartBus(CancellationToken.None);
        var restarted = DateTimeOffset.UtcNow;

        var visit = Guid.NewGuid();
        await _host.Send(new RecordVisit(visit));
        await RabbitMqServiceHost.Eventually(async () => await VisitsRecorded(visit) == 1, "the visit to be recorded after the restart", TimeSpan.FromSeconds(60));
        Assert.Equal(BusHealthStatus.Healthy, _host.Services.GetRequiredService<IBusControl>().CheckHealth().Status);
        await RabbitMqServiceHost.Eventually(
            () => Task.FromResult(_host.Services.GetRequiredService<DeadLetterMonitor>().Last is { Failure: null, WithoutConsumers.Count: 0 } last && last.At > restarted && last.ByErrorQueue.ContainsKey(_host.ErrorQueue)),
            "a sample after the restart that finds a consumer on the queue",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_bad_message_is_dead_lettered_after_the_short_retries_reported_and_replayed()
    {
        var visit = Guid.NewGuid();
        _book.Refusing = true;
        using var gauge = new DeadLetterGauge();

        await _host.Send(new RecordVisit(visit));

        await RabbitMqServiceHost.Eventually(async () => await _host.DeadLettered() == 1, $"the message in {_host.ErrorQueue}", TimeSpan.FromSeconds(30));
        Assert.Equal(ShortTries, _book.Attempts(visit));

        await RabbitMqServiceHost.Eventually(async () => (await _host.DeadLetterHealth()).Status == HealthStatus.Degraded, "readiness to report the dead letter", TimeSpan.FromSeconds(10));
        var health = await _host.DeadLetterHealth();
        Assert.Contains($"{_host.ErrorQueue}: 1", health.Description);
        Assert.Equal(1L, health.Data[_host.ErrorQueue]);
        Assert.Equal(1, gauge.Read(_host.ErrorQueue));
        // Only the service's own endpoint is watched, not the bus's temporary one.
        Assert.Equal([_host.ErrorQueue], _host.Services.GetRequiredService<DeadLetterMonitor>().Last!.ByErrorQueue.Keys);

        // The cause is fixed; the documented command moves the message back, and it is consumed.
        _book.Refusing = false;
        var replay = await ReplayErrors(_host.Queue);
        Assert.True(replay.ExitCode == 0, replay.Output);
        Assert.Contains($"{_host.ErrorQueue}: 1 message(s) moved back to {_host.Queue}", replay.Output);

        await RabbitMqServiceHost.Eventually(async () => await VisitsRecorded(visit) == 1, "the replayed visit to be recorded", TimeSpan.FromSeconds(30));
        Assert.Equal(0, await _host.DeadLettered());
        await RabbitMqServiceHost.Eventually(async () => (await _host.DeadLetterHealth()).Status == HealthStatus.Healthy, "readiness to be healthy again", TimeSpan.FromSeconds(10));
        Assert.Equal(0, gauge.Read(_host.ErrorQueue));

        // Idempotent: nothing left, nothing moved, success.
        var again = await ReplayErrors(_host.ErrorQueue);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains($"{_host.ErrorQueue}: 0 message(s) moved back", again.Output);
        Assert.Equal(ShortTries + 1, _book.Attempts(visit));
    }

    Task<long> VisitsRecorded(Guid visit) => _database.Scalar<long>("SELECT count(*) FROM visits WHERE id = $1", visit);

    /// <summary>Runs <c>deploy/dev.sh replay-errors</c> against the test vhost.</summary>
    static async Task<(int ExitCode, string Output)> ReplayErrors(string queue)
    {
        var root = Environment.GetEnvironmentVariable("LEADDIALER_REPO_ROOT")
            ?? throw new InvalidOperationException("LEADDIALER_REPO_ROOT is not set (deploy/dev.sh test sets it).");
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "deploy", "dev.sh"), "replay-errors", queue])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LEADDIALER_REPLAY_VHOST"] = Uri.UnescapeDataString(new Uri(RabbitMqServiceHost.RabbitMq).AbsolutePath.TrimStart('/'));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Reads <c>leaddialer.messaging.dead_lettered</c> as an OpenTelemetry exporter would.</summary>
    sealed class DeadLetterGauge : IDisposable
    {
        readonly MeterListener _listener = new();
        readonly ConcurrentDictionary<string, long> _last = new();

        public DeadLetterGauge()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Telemetry.MeterName && instrument.Name == DeadLetterMonitor.GaugeName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "queue", Value: string queue })
                    {
                        _last[queue] = value;
                    }
                }
            });
            _listener.Start();
        }

        public long Read(string errorQueue)
        {
            _listener.RecordObservableInstruments();
            return _last.GetValueOrDefault(errorQueue, -1);
        }

        public void Dispose() => _listener.Dispose();
    }
}
