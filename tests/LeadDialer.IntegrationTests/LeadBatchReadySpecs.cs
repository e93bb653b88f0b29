using LeadDialer.Contracts;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Import;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>An imported batch becomes pending sagas in one statement; a redelivered batch changes nothing.</summary>
public sealed class LeadBatchReadySpecs : IAsyncLifetime
{
    TestDatabase _database = null!;
    NpgsqlDataSource _dataSource = null!;
    InMemoryBusHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await DialerDatabase.Create("dialer_batch");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        var services = new ServiceCollection()
            .AddSingleton(_dataSource)
            .AddSingleton<DispatchSignal>()
            .AddSingleton(TimeProvider.System);
        _host = await InMemoryBusHost.Start(services, x => x.AddConsumer<LeadBatchReadyConsumer>());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_delivered_twice_creates_each_pending_saga_once_in_file_order()
    {
        var leads = Enumerable.Range(0, 500)
            .Select(i => new LeadReady(Guid.CreateVersion7(), new LeadDetails($"Lead {i}", $"+1212{200 + i:000}4567", $"lead{i}@example.com", null, "America/New_York",
                new Dictionary<string, string> { ["job_title"] = "CTO" })))
            .ToList();
        var batch = new LeadBatchReady(Guid.NewGuid(), leads);
        // A saga the Dialer already has (say, from a LeadReady) is left as it is.
        var known = await _database.InsertSaga("InProgress", DateTimeOffset.UtcNow);
        var withKnown = batch with { Leads = [.. leads, new LeadReady(known, leads[0].Lead)] };

        await _host.Bus.Publish(withKnown);
        await _host.Bus.Publish(withKnown);
        await _host.Consumed.WaitFor<LeadBatchReady>(2);

        Assert.Equal(0, _host.Consumed.Faults);
        Assert.Equal(500L, await _database.Scalar<long>("SELECT count(*) FROM lead_sagas WHERE current_state = 'Pending' AND version = 1 AND attempts = 0"));
        Assert.Equal("InProgress", await _database.Scalar<string>("SELECT current_state FROM lead_sagas WHERE correlation_id = $1", known));
        Assert.Equal("CTO", await _database.Scalar<string>("SELECT lead->'customFields'->>'job_title' FROM lead_sagas WHERE correlation_id = $1", leads[0].LeadId));
        // The dispatcher takes the oldest ready first: file order.
        Assert.Equal(leads[0].LeadId, await _database.Scalar<Guid>("SELECT correlation_id FROM lead_sagas WHERE current_state = 'Pending' ORDER BY ready_at LIMIT 1"));
        Assert.True(await _database.Scalar<bool>("SELECT max(ready_at) <= now() FROM lead_sagas WHERE current_state = 'Pending'"));
    }
}
