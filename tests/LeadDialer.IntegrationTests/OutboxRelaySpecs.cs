using System.Collections.Concurrent;
using LeadDialer.Contracts;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>
/// The transactional outbox on a real database: what was committed is published even if the
/// process that wrote it died before publishing, or the database was away for a while; what was
/// rolled back never is.
/// </summary>
public sealed class OutboxRelaySpecs : IAsyncLifetime
{
    TestDatabase _database = null!;
    InMemoryBusHost _host = null!;
    readonly ConcurrentQueue<(Guid? MessageId, LeadStatusChanged Message)> _received = new();

    public async Task InitializeAsync()
    {
        _database = await DialerDatabase.Create("outbox");
        _host = await InMemoryBusHost.Start(new ServiceCollection().AddSingleton(_received), x => x.AddConsumer<Recorder>());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_committed_message_left_behind_by_a_crash_is_published_once_with_its_row_id_and_removed()
    {
        var lead = Guid.NewGuid();
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await Write(dataSource, Status(Guid.NewGuid()), commit: false);
        await Write(dataSource, Status(lead), commit: true);
        var rowId = await _database.Scalar<Guid>("SELECT id FROM outbox_messages");

        // A relay started afterwards, as a restarted process's would be, with nobody waking it.
        var relay = new OutboxRelay(dataSource, _host.Bus, new OutboxSignal(), Options.Create(new OutboxRelayOptions { PollInterval = TimeSpan.FromMilliseconds(100) }), NullLogger<OutboxRelay>.Instance);
        await relay.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (_received.IsEmpty || await _database.Scalar<long>("SELECT count(*) FROM outbox_messages") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The committed outbox row was not published and removed within 15 s.");
            await Task.Delay(20);
        }

        await relay.StopAsync(CancellationToken.None);

        var (messageId, message) = Assert.Single(_received);
        Assert.Equal(lead, message.LeadId);
        Assert.Equal(LeadStatus.Retry, message.Status);
        Assert.Equal(rowId, messageId);
    }

    [Fact]
    public async Task A_message_committed_before_a_database_outage_is_published_once_after_it()
    {
        var lead = Guid.NewGuid();
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await Write(dataSource, Status(lead), commit: true);
        var failures = new FailureCount();
        var relay = new OutboxRelay(dataSource, _host.Bus, new OutboxSignal(), Options.Create(new OutboxRelayOptions { PollInterval = TimeSpan.FromMilliseconds(100) }), failures);

        await _database.RefuseConnections();
        await relay.StartAsync(CancellationToken.None);
        // The relay keeps trying (ADR 0008): it never gives the row up.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (failures.Count < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The relay tried only {failures.Count} times in 30 s.");
            await Task.Delay(20);
        }

        Assert.Empty(_received);
        await _database.AcceptConnections();

        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (_received.IsEmpty || await _database.Scalar<long>("SELECT count(*) FROM outbox_messages") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The row was not published and removed within 15 s of the database's return.");
            await Task.Delay(20);
        }

        await relay.StopAsync(CancellationToken.None);
        Assert.Equal(lead, Assert.Single(_received).Message.LeadId);
    }

    /// <summary>Counts the relay's "failed; retrying" warnings.</summary>
    sealed class FailureCount : ILogger<OutboxRelay>
    {
        int _count;

        public int Count => Volatile.Read(ref _count);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref _count);
            }
        }
    }

    static LeadStatusChanged Status(Guid lead) =>
        new(lead, LeadStatus.Retry, 1, 3, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(2), CallOutcome.NoAnswer, null);

    static async Task Write(NpgsqlDataSource dataSource, LeadStatusChanged message, bool commit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxWriter.AddAsync(connection, transaction, message, DateTimeOffset.UtcNow, CancellationToken.None);
        if (commit)
        {
            await transaction.CommitAsync();
        }
    }

    sealed class Recorder(ConcurrentQueue<(Guid?, LeadStatusChanged)> received) : IConsumer<LeadStatusChanged>
    {
        public Task Consume(ConsumeContext<LeadStatusChanged> context)
        {
            received.Enqueue((context.MessageId, context.Message));
            return Task.CompletedTask;
        }
    }
}
