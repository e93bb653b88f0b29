using LeadDialer.Contracts;
using LeadDialer.Dialer.Throughput;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>The calculator's defaults come from the last 7 days of ended calls the Dialer records itself.</summary>
public sealed class CallFiguresSpecs : IAsyncLifetime
{
    TestDatabase _database = null!;
    NpgsqlDataSource _dataSource = null!;
    InMemoryBusHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await DialerDatabase.Create("dialer_call_figures");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        var services = new ServiceCollection()
            .AddSingleton(_dataSource)
            .AddSingleton(TimeProvider.System);
        _host = await InMemoryBusHost.Start(services, x => x.AddConsumer<CallFiguresConsumer>());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    static CallEnded Call(CallOutcome outcome, long durationMs, DateTimeOffset endedAt) =>
        new(Guid.NewGuid(), 1, Guid.NewGuid(), "retell", $"call_{Guid.NewGuid():N}", outcome, "user_hangup", endedAt.AddMilliseconds(-durationMs), endedAt, durationMs, null, null);

    [Fact]
    public async Task Fifty_calls_of_the_last_7_days_Should_give_their_length_and_answer_rate_counting_a_redelivery_once()
    {
        var now = DateTimeOffset.UtcNow;
        // A call from 8 days ago does not count and is pruned as newer calls arrive.
        await _host.Bus.Publish(Call(CallOutcome.Answered, 600_000, now.AddDays(-8)));
        await _host.Consumed.WaitFor<CallEnded>(1);
        // 15 answered 90 s calls and 35 unanswered 30 s calls: 48 s on average, 30% answered.
        var calls = Enumerable.Range(0, 50)
            .Select(i => i < 15 ? Call(CallOutcome.Answered, 90_000, now.AddHours(-i)) : Call(CallOutcome.NoAnswer, 30_000, now.AddHours(-i)))
            .ToList();
        foreach (var call in calls)
        {
            await _host.Bus.Publish(call);
        }

        await _host.Bus.Publish(calls[0]);
        await _host.Consumed.WaitFor<CallEnded>(52);

        Assert.Equal(0, _host.Consumed.Faults);
        var recent = await RecentCalls.Read(_dataSource, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(50, recent.Calls);
        Assert.Equal(((15 * 90) + (35 * 30)) / 50.0, recent.AverageCallSeconds!.Value, 6);
        Assert.Equal(0.3, recent.AnswerRate!.Value, 6);
        Assert.Equal("last-7-days", ThroughputDefaults.From(recent).Source);
        Assert.Equal(50L, await _database.Scalar<long>("SELECT count(*) FROM call_figures"));
    }
}
