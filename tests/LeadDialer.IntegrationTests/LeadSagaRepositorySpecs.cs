using LeadDialer.Contracts;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using MassTransit.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>
/// The lead saga's PostgreSQL repository under concurrent delivery: MassTransit's real saga
/// pipeline (in-memory transport, 16 messages at a time) on a real database.
/// </summary>
public sealed class LeadSagaRepositorySpecs : IAsyncLifetime
{
    const int Concurrent = 50;
    static readonly LeadDetails Lead = new("Grace Hopper", "+12125550142", "grace@example.com", null, null, new Dictionary<string, string>());

    TestDatabase _database = null!;
    InMemoryBusHost _host = null!;
    readonly PublishCounter _published = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.Create("saga");
        await using (var db = new DialerDbContext(new DbContextOptionsBuilder<DialerDbContext>()
            .UseNpgsql(_database.ConnectionString).UseSnakeCaseNamingConvention().Options))
        {
            await db.Database.MigrateAsync();
        }

        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(NpgsqlDataSource.Create(_database.ConnectionString))
            .AddSingleton<OutboxSignal>()
            .AddSingleton<DispatchSignal>()
            .AddSingleton<DispatchLatency>();
        _host = await InMemoryBusHost.Start(
            services,
            x => x.AddSagaStateMachine<LeadStateMachine, LeadState>(typeof(LeadStateSagaDefinition))
                .Repository(r => r.RegisterSagaRepository<LeadState, LeadSagaSession, LeadSagaConsumeContextFactory, LeadSagaRepositoryContextFactory>()),
            cfg =>
            {
                // As on RabbitMQ: many messages in flight at once, retried on lock conflicts.
                cfg.PrefetchCount = LeadStateSagaDefinition.ConcurrentMessages;
                cfg.ConcurrentMessageLimit = LeadStateSagaDefinition.ConcurrentMessages;
                cfg.UseMessageRetry(r => r.Exponential(20, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(10)));
            });
        _host.Bus.ConnectPublishObserver(_published);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_concurrent_first_messages_create_exactly_one_saga()
    {
        var leadId = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => _host.Bus.Publish(new LeadReady(leadId, Lead))));
        await _host.Consumed.WaitFor<LeadReady>(Concurrent);

        Assert.Equal(1L, await _database.Scalar<long>("SELECT count(*) FROM lead_sagas WHERE correlation_id = $1", leadId));
        Assert.Equal("Pending", await _database.Scalar<string>("SELECT current_state FROM lead_sagas WHERE correlation_id = $1", leadId));
        Assert.Equal(1, await _database.Scalar<int>("SELECT version FROM lead_sagas WHERE correlation_id = $1", leadId));
        Assert.Equal(1L, await Announcements(leadId, LeadStatus.Pending));
        Assert.Equal(0, _host.Consumed.Faults);
    }

    [Fact]
    public async Task Fifty_concurrent_call_ended_deliveries_move_the_lead_once()
    {
        var leadId = await AddAndDialLead();
        var callAttemptId = await _database.Scalar<Guid>("SELECT call_attempt_id FROM lead_sagas WHERE correlation_id = $1", leadId);

        var ended = new CallEnded(leadId, 1, callAttemptId, "retell", "call_x", CallOutcome.NoAnswer, "dial_no_answer", null, null, null, null, null);
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => _host.Bus.Publish(ended)));
        await _host.Consumed.WaitFor<CallEnded>(Concurrent);

        Assert.Equal("Retry", await _database.Scalar<string>("SELECT current_state FROM lead_sagas WHERE correlation_id = $1", leadId));
        Assert.Equal(1, await _database.Scalar<int>("SELECT attempts FROM lead_sagas WHERE correlation_id = $1", leadId));
        Assert.Equal(3, await _database.Scalar<int>("SELECT version FROM lead_sagas WHERE correlation_id = $1", leadId));
        Assert.Equal(1L, await Announcements(leadId, LeadStatus.Retry));
        Assert.Equal(0, _host.Consumed.Faults);
    }

    [Fact]
    public async Task The_saga_writes_its_events_to_the_outbox_in_its_own_transaction_instead_of_publishing()
    {
        var leadId = await AddAndDialLead();

        Assert.Equal(1L, await _database.Scalar<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type = $1 AND (body->>'leadId')::uuid = $2 AND (body->>'attempt')::int = 1",
            typeof(PlaceCall).FullName!, leadId));
        Assert.Equal(0, _published.Count<PlaceCall>());
        Assert.Equal(0, _published.Count<LeadStatusChanged>());
    }

    /// <summary>A new lead, dialled once: in progress with attempt 1.</summary>
    async Task<Guid> AddAndDialLead()
    {
        var leadId = NewId.NextGuid();
        await _host.Bus.Publish(new LeadReady(leadId, Lead));
        await _host.Consumed.WaitFor<LeadReady>(1);
        await _host.Bus.Publish(new DialLead(leadId, MaxAttempts: 3, RetryDelay: TimeSpan.FromHours(2), ClaimedAt: await Claim(leadId)));
        await _host.Consumed.WaitFor<DialLead>(1);
        return leadId;
    }

    /// <summary>Claims a slot for the lead as the dispatcher does.</summary>
    Task<DateTimeOffset> Claim(Guid leadId) =>
        _database.Scalar<DateTimeOffset>("UPDATE lead_sagas SET dial_requested_at = now() WHERE correlation_id = $1 RETURNING dial_requested_at", leadId);

    Task<long> Announcements(Guid leadId, string status) => _database.Scalar<long>(
        "SELECT count(*) FROM outbox_messages WHERE message_type = $1 AND (body->>'leadId')::uuid = $2 AND body->>'status' = $3",
        typeof(LeadStatusChanged).FullName!, leadId, status);

    sealed class PublishCounter : IPublishObserver
    {
        readonly List<Type> _types = [];

        public int Count<T>()
        {
            lock (_types)
            {
                return _types.Count(t => t == typeof(T));
            }
        }

        public Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            lock (_types)
            {
                _types.Add(typeof(T));
            }

            return Task.CompletedTask;
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
