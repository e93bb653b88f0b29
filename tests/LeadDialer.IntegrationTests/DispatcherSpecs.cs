using LeadDialer.Contracts;
using LeadDialer.Dialer;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Settings;
using LeadDialer.Messaging.Outbox;
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

    [Fact]
    public async Task Claims_only_leads_inside_their_own_calling_hours_as_the_schedule_in_CSharp_says()
    {
        // 29 March 2026 08:30 UTC: London has just sprung forward (09:30 BST), Los Angeles is at
        // 01:30, Dhaka at 14:30, New York (from the number) at 04:30; the window is 09:00–20:00.
        var now = new DateTimeOffset(2026, 3, 29, 8, 30, 0, TimeSpan.Zero);
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 50, windowStart: 9 * 60, windowEnd: 20 * 60);
        var leads = new Dictionary<Guid, string>
        {
            [await _database.InsertSaga("Pending", now.AddMinutes(-5), "Europe/London")] = "Europe/London",
            [await _database.InsertSaga("Pending", now.AddMinutes(-5), "America/Los_Angeles")] = "America/Los_Angeles",
            [await _database.InsertSaga("Pending", now.AddMinutes(-5), phone: "+8801977317066")] = "Asia/Dhaka",
            [await _database.InsertSaga("Pending", now.AddMinutes(-5))] = "America/New_York",
        };
        var settings = await _services.GetRequiredService<CallingConfiguration>().Current(CancellationToken.None);

        await NewDispatcher(out _, now).DispatchOnce(CancellationToken.None);

        var expected = leads.Where(l => settings.DialingSchedule.IsOpen(now, l.Value)).Select(l => l.Key).Order().ToList();
        Assert.Equal(2, expected.Count); // London and Dhaka: the case must tell the two apart
        Assert.Equal(expected, (await Claimed()).Order().ToList());
    }

    [Fact]
    public async Task Dials_with_the_selected_agent_and_not_at_all_while_it_is_paused()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 5);
        var agent = Guid.NewGuid();
        await _database.Scalar<int>(
            "WITH a AS (INSERT INTO agents (agent_id, provider, name, paused, paused_reason, changed_at) VALUES ($1, 'retell', 'Sales', true, 'Agent not found', now()) RETURNING 1), " +
            "u AS (UPDATE calling_settings SET agent_id = $1 RETURNING 1) SELECT count(*)::int FROM a, u", agent);
        await _database.InsertSaga("Pending", Start.AddMinutes(-1));

        Assert.Equal(0, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));

        await _database.Scalar<int>("WITH u AS (UPDATE agents SET paused = false RETURNING 1) SELECT count(*)::int FROM u");
        Assert.Equal(1, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));
        Assert.Equal(agent.ToString(), await _database.Scalar<string>("SELECT body->>'agentId' FROM outbox_messages"));
    }

    [Fact]
    public async Task Dials_with_the_default_agent_while_no_agent_was_ever_heard_of()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 5);
        await _database.InsertSaga("Pending", Start.AddMinutes(-1));

        Assert.Equal(1, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));
        Assert.True(await _database.Scalar<bool>("SELECT body->'agentId' IS NULL OR body->'agentId' = 'null'::jsonb FROM outbox_messages"));
    }

    [Fact]
    public async Task Dials_with_the_default_agent_again_once_every_agent_heard_of_was_deleted_but_waits_while_a_live_one_is_unselected()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 5);
        // The only agent the Dialer heard of was selected, then deleted (which clears the selection).
        await _database.Scalar<int>(
            "WITH a AS (INSERT INTO agents (agent_id, provider, name, paused, deleted_at, changed_at) VALUES ($1, 'vapi', 'Gone', false, now(), now()) RETURNING 1) SELECT count(*)::int FROM a",
            Guid.NewGuid());
        await _database.InsertSaga("Pending", Start.AddMinutes(-1));

        Assert.Equal(1, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));
        Assert.True(await _database.Scalar<bool>("SELECT body->'agentId' IS NULL OR body->'agentId' = 'null'::jsonb FROM outbox_messages"));

        // A live agent nobody selected: the user must choose, so nothing is dialled.
        await _database.Scalar<int>(
            "WITH a AS (INSERT INTO agents (agent_id, provider, name, paused, changed_at) VALUES ($1, 'retell', 'Sales', false, now()) RETURNING 1) SELECT count(*)::int FROM a",
            Guid.NewGuid());
        await _database.InsertSaga("Pending", Start.AddMinutes(-1));
        Assert.Equal(0, await NewDispatcher(out _).DispatchOnce(CancellationToken.None));
    }

    /// <summary>A separate data source per dispatcher, as two Dialer processes would have.</summary>
    Dispatcher NewDispatcher(out NpgsqlDataSource dataSource, DateTimeOffset? now = null)
    {
        dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        return new Dispatcher(
            dataSource,
            _services.GetRequiredService<CallingConfiguration>(),
            new DispatchSignal(),
            new OutboxSignal(),
            new DispatchLatency(),
            new FixedClock(now ?? Start),
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
