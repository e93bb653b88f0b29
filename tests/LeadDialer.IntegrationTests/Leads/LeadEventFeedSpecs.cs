using LeadDialer.Leads.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.IntegrationTests.Leads;

/// <summary>The live event feed on PostgreSQL: ids in order, nothing skipped when transactions commit out of id order.</summary>
public sealed class LeadEventFeedSpecs : IAsyncLifetime
{
    LeadsHost _host = null!;
    LeadEventFeed _feed = null!;

    public async Task InitializeAsync()
    {
        _host = await LeadsHost.Start("leads_events");
        _feed = new LeadEventFeed(
            _host.DataSource,
            Options.Create(new LeadEventOptions { PollInterval = TimeSpan.FromMilliseconds(20), GapWait = TimeSpan.FromSeconds(5) }),
            TimeProvider.System,
            NullLogger<LeadEventFeed>.Instance);
        await _feed.StartAsync(CancellationToken.None);
        await _feed.Started.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _feed.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task When_a_later_id_commits_first_Should_wait_for_the_earlier_one_and_deliver_both_in_order()
    {
        var (_, live) = _feed.Subscribe();
        await using var slow = await _host.DataSource.OpenConnectionAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        var early = await Insert(slow, "first");
        await using (var fast = await _host.DataSource.OpenConnectionAsync())
        {
            await Insert(fast, "second");
        }

        // The second row is visible, but its predecessor is not committed yet: nothing may go out.
        await Task.Delay(300);
        Assert.False(live.TryRead(out _));

        await slowTransaction.CommitAsync();
        var received = new List<LeadEventRow>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (received.Count < 2)
        {
            received.Add(await live.ReadAsync(timeout.Token));
        }

        Assert.Equal([early, early + 1], received.Select(r => r.Id));
        Assert.Contains("first", received[0].Data);
        Assert.Equal(early + 1, _feed.Cursor);
    }

    [Fact]
    public async Task When_a_client_reconnects_Should_get_what_came_after_its_last_event_id()
    {
        long first;
        await using (var connection = await _host.DataSource.OpenConnectionAsync())
        {
            first = await Insert(connection, "a");
            await Insert(connection, "b");
            await Insert(connection, "c");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_feed.Cursor < first + 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The feed did not read the events.");
            await Task.Delay(20);
        }

        var backlog = await _feed.Backlog(first, _feed.Cursor, CancellationToken.None);

        Assert.Equal([first + 1, first + 2], backlog.Select(r => r.Id));
        Assert.Equal(first, await _feed.OldestId(CancellationToken.None));
    }

    static async Task<long> Insert(NpgsqlConnection connection, string note)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO lead_events (type, lead_id, status, data, occurred_at) VALUES ('lead-status-changed', $1, 'pending', $2::jsonb, now()) RETURNING id", connection);
        command.Parameters.Add(new() { Value = Guid.NewGuid() });
        command.Parameters.Add(new() { Value = $"{{\"note\":\"{note}\"}}" });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
