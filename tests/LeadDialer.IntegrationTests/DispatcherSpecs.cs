using LeadDialer.Contracts;
using LeadDialer.Dialer;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Settings;
using LeadDialer.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>The dispatcher's claims on a real database: never above the cap, oldest ready first, also with two Dialer instances.</summary>
public sealed class DispatcherSpecs : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    TestDatabase _database = null!;
    ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await DialerDatabase.Create("dispatch");
        _services = new ServiceCollection()
            .AddDbContext<DialerDbContext>(o => o.UseNpgsql(_database.ConnectionString).UseSnakeCaseNamingConvention())
            .AddSingleton(Options.Create(new DialerOptions()))
            .AddSingleton<CallingConfiguration>()
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Claims_only_the_free_slots_oldest_ready_first()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 2);
        var leads = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            leads.Add(await _database.InsertSaga("Pending", Start.AddMinutes(-10 + i)));
        }

        var dispatcher = NewDispatcher(out var dataSource);

        Assert.Equal(2, await dispatcher.DispatchOnce(CancellationToken.None));
        Assert.Equal(0, await dispatcher.DispatchOnce(CancellationToken.None));
        Assert.Equal(leads.Take(2).Order(), (await Claimed()).Order());
        Assert.Equal(leads.Take(2).Order(), (await DialLeadsInOutbox()).Order());
        await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Counts_calls_in_progress_against_the_cap()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 3);
        await _database.InsertSaga("InProgress", Start.AddMinutes(-30));
        await _database.InsertSaga("InProgress", Start.AddMinutes(-30));
        for (var i = 0; i < 4; i++)
        {
            await _database.InsertSaga("Pending", Start.AddMinutes(-5));
        }

        Assert.Equal(1, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));
    }

    [Fact]
    public async Task Dials_nobody_while_auto_calling_is_off()
    {
        await _database.SetCallingSettings(autoCalling: false, maxConcurrentCalls: 5);
        await _database.InsertSaga("Pending", Start.AddMinutes(-5));

        Assert.Equal(0, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));
        Assert.Empty(await Claimed());
    }

    [Fact]
    public async Task Leaves_a_lead_alone_until_its_wait_after_a_temporary_error_is_over()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 5);
        var waiting = await _database.InsertSaga("Pending", Start.AddSeconds(30));
        var ready = await _database.InsertSaga("Pending", Start.AddSeconds(-1));

        Assert.Equal(1, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));
        Assert.Equal([ready], await Claimed());
        Assert.DoesNotContain(waiting, await Claimed());
    }

    [Fact]
    public async Task Releases_a_claim_that_was_never_used_and_dials_the_lead_again()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 1);
        var lead = await _database.InsertSaga("Pending", Start.AddMinutes(-30));
        await _database.Scalar<int>("WITH u AS (UPDATE lead_sagas SET dial_requested_at = $1 RETURNING 1) SELECT count(*)::int FROM u", Start - new DialerOptions().ClaimTimeout - TimeSpan.FromSeconds(1));

        Assert.Equal(1, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));

        Assert.Equal([lead], await Claimed());
        Assert.Equal(Start, await _database.Scalar<DateTimeOffset>("SELECT dial_requested_at FROM lead_sagas WHERE correlation_id = $1", lead));
    }

    [Fact]
    public async Task Two_dialer_instances_dispatching_at_once_never_exceed_the_cap_together()
    {
        const int cap = 3;
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: cap);
        for (var i = 0; i < 20; i++)
        {
            await _database.InsertSaga("Pending", Start.AddSeconds(-i));
        }

        var first = NewDispatcher(out _);
        var second = NewDispatcher(out _);
        var cycles = Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).DispatchOnce(CancellationToken.None)));
        var claimed = (await Task.WhenAll(cycles)).Sum();

        Assert.Equal(cap, claimed);
        Assert.Equal(cap, (await Claimed()).Count);
        Assert.Equal(cap, (await DialLeadsInOutbox()).Count);
    }

    /// <summary>A separate data source per dispatcher, as two Dialer processes would have.</summary>
    Dispatcher NewDispatcher(out NpgsqlDataSource dataSource)
    {
        dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        return new Dispatcher(
            dataSource,
            _services.GetRequiredService<CallingConfiguration>(),
            new DispatchSignal(),
            new OutboxSignal(),
            new FixedClock(Start),
            Options.Create(new DialerOptions()),
            NullLogger<Dispatcher>.Instance);
    }

    async Task<List<Guid>> Claimed() => await Ids("SELECT correlation_id FROM lead_sagas WHERE dial_requested_at IS NOT NULL");

    async Task<List<Guid>> DialLeadsInOutbox() =>
        await Ids($"SELECT (body->>'leadId')::uuid FROM outbox_messages WHERE message_type = '{typeof(DialLead).FullName}'");

    async Task<List<Guid>> Ids(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
