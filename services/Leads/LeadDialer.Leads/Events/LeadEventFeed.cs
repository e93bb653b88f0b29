using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Leads.Events;

public sealed class LeadEventOptions
{
    /// <summary>How often each Leads instance reads new rows of <c>lead_events</c>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long events are kept for clients that reconnect with <c>Last-Event-ID</c>.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a hole in the ids is waited for. Ids are taken when a row is inserted but become
    /// visible at commit, so a smaller id can appear after a larger one; a hole that stays this
    /// long was a rolled-back insert.
    /// </summary>
    public TimeSpan GapWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Heartbeat comment interval, so proxies (YARP's 100 s activity timeout) keep an idle stream open.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed record LeadEventRow(long Id, string Type, Guid LeadId, string? Status, string Data);

/// <summary>
/// The live side of <c>GET /api/events</c>: one poller per Leads instance reads <c>lead_events</c>
/// in id order and fans each row out to the instance's connected clients. Every instance reads
/// the same table, so any instance can serve any client, and ids mean the same everywhere.
/// Also deletes events older than the retention.
/// </summary>
public sealed class LeadEventFeed(NpgsqlDataSource dataSource, IOptions<LeadEventOptions> options, TimeProvider clock, ILogger<LeadEventFeed> logger)
    : BackgroundService
{
    readonly ConcurrentDictionary<Guid, Channel<LeadEventRow>> _subscribers = new();
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _cursor;

    /// <summary>The last id fanned out: every event up to it has been (or will never be) delivered live.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    public Task Started => _started.Task;

    /// <summary>Live events from now on. A client too slow to keep up is dropped (its reader ends) and reconnects with Last-Event-ID.</summary>
    public (Guid Id, ChannelReader<LeadEventRow> Reader) Subscribe()
    {
        var channel = Channel.CreateBounded<LeadEventRow>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var id = Guid.NewGuid();
        _subscribers[id] = channel;
        return (id, channel.Reader);
    }

    public void Unsubscribe(Guid id) => _subscribers.TryRemove(id, out _);

    /// <summary>Up to 5,000 stored events after <paramref name="afterId"/> up to <paramref name="upToId"/>, for a reconnecting client.</summary>
    public async Task<List<LeadEventRow>> Backlog(long afterId, long upToId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, type, lead_id, status, data::text FROM lead_events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT 5000");
        command.Parameters.Add(new() { Value = afterId });
        command.Parameters.Add(new() { Value = upToId });
        return await Read(command, cancellationToken);
    }

    /// <summary>The oldest id still stored, or null when there are none.</summary>
    public async Task<long?> OldestId(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT min(id) FROM lead_events");
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM lead_events");
                Interlocked.Exchange(ref _cursor, (long)(await command.ExecuteScalarAsync(stoppingToken))!);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The table may not exist yet (migrations run at start-up).
                logger.LogDebug(ex, "Waiting for lead_events");
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
        }

        _started.TrySetResult();
        DateTimeOffset? gapSince = null;
        var nextCleanup = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                gapSince = await PollOnce(gapSince, stoppingToken);
                if (clock.GetUtcNow() >= nextCleanup)
                {
                    await Cleanup(stoppingToken);
                    nextCleanup = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
                }

                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Reading lead events failed; trying again");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryComplete();
        }
    }

    async Task<DateTimeOffset?> PollOnce(DateTimeOffset? gapSince, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, type, lead_id, status, data::text FROM lead_events WHERE id > $1 ORDER BY id LIMIT 1000");
        command.Parameters.Add(new() { Value = Cursor });
        var rows = await Read(command, cancellationToken);
        foreach (var row in rows)
        {
            if (row.Id != Cursor + 1)
            {
                gapSince ??= clock.GetUtcNow();
                if (clock.GetUtcNow() - gapSince < options.Value.GapWait)
                {
                    return gapSince;
                }
            }

            gapSince = null;
            Publish(row);
            Interlocked.Exchange(ref _cursor, row.Id);
        }

        return gapSince;
    }

    void Publish(LeadEventRow row)
    {
        foreach (var (id, channel) in _subscribers)
        {
            if (!channel.Writer.TryWrite(row))
            {
                logger.LogWarning("Event stream client {Subscriber} fell 10000 events behind; closing its stream so it reconnects with Last-Event-ID", id);
                channel.Writer.TryComplete();
                _subscribers.TryRemove(id, out _);
            }
        }
    }

    async Task Cleanup(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM lead_events WHERE occurred_at < $1");
        command.Parameters.Add(new() { Value = clock.GetUtcNow() - options.Value.Retention });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task<List<LeadEventRow>> Read(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<LeadEventRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LeadEventRow(reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        }

        return rows;
    }
}
