using LeadDialer.Contracts;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Saga.Persistence;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>The <c>lead_sagas</c> queries (<see cref="LeadSagaQueries"/>) on the real PostgreSQL, with the schema EF's migrations create.</summary>
public sealed class LeadSagaQueriesSpecs : IAsyncLifetime
{
    static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    TestDatabase _database = null!;
    NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _database = await DialerDatabase.Create("saga_queries");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Calls_in_flight_are_counted_the_same_by_the_dispatcher_the_lead_details_and_the_waiting_summary()
    {
        await _database.InsertSaga(LeadStates.InProgress, Now.AddMinutes(-3));
        var claimed = await _database.InsertSaga(LeadStates.Pending, Now.AddMinutes(-2));
        var onDoNotCallList = await _database.InsertSaga(LeadStates.Pending, Now.AddMinutes(-2));
        var deletedMidCall = await _database.InsertSaga(LeadStates.Deleted, Now.AddMinutes(-4));
        await _database.InsertSaga(LeadStates.Pending, Now.AddMinutes(-1));
        await _database.InsertSaga(LeadStates.Retry, Now.AddMinutes(-10));
        await Execute("UPDATE lead_sagas SET dial_requested_at = @now, last_decision = 'dialed' WHERE correlation_id = @id", ("now", Now), ("id", claimed));
        await Execute("UPDATE lead_sagas SET dial_requested_at = @now, last_decision = 'on-do-not-call-list' WHERE correlation_id = @id", ("now", Now), ("id", onDoNotCallList));
        await Execute("UPDATE lead_sagas SET dial_requested_at = @now WHERE correlation_id = @id", ("now", Now.AddMinutes(-4)), ("id", deletedMidCall));

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (dispatcher, waiting) = await LeadSagaQueries.CountInFlightAndWaiting(connection, transaction, Now, CancellationToken.None);
        await transaction.CommitAsync();
        var details = await LeadSagaQueries.CountInFlight(connection, CancellationToken.None);
        var summary = await LeadSagaQueries.Count(connection, Now, CancellationToken.None);

        // The call in progress, the claim about to be dialled, the deleted lead's call still going on; not the do-not-call claim.
        Assert.Equal(3L, dispatcher);
        Assert.Equal(3L, details);
        Assert.Equal(3L, summary.InFlight);
        Assert.Equal(1L, waiting);
        Assert.Equal(new LeadSagaQueries.Counts(Pending: 3, Retry: 1, InFlight: 3, BackingOff: 0), summary);
    }

    [Fact]
    public async Task The_retry_sweep_finds_the_leads_whose_delay_has_passed_and_the_calls_past_the_stale_limit()
    {
        var due = await _database.InsertSaga(LeadStates.Retry, Now.AddHours(-3));
        var notYet = await _database.InsertSaga(LeadStates.Retry, Now.AddHours(-3));
        await Execute("UPDATE lead_sagas SET retry_at = @at WHERE correlation_id = @id", ("at", Now), ("id", due));
        await Execute("UPDATE lead_sagas SET retry_at = @at WHERE correlation_id = @id", ("at", Now.AddSeconds(1)), ("id", notYet));
        var stale = await _database.InsertSaga(LeadStates.InProgress, Now.AddHours(-2));
        await _database.InsertSaga(LeadStates.InProgress, Now.AddHours(-1));
        var deletedMidCall = await _database.InsertSaga(LeadStates.Deleted, Now.AddHours(-2));
        await Execute("UPDATE lead_sagas SET in_progress_since = @at, call_attempt_id = gen_random_uuid() WHERE correlation_id = @id", ("at", Now.AddHours(-3)), ("id", deletedMidCall));
        await Execute("UPDATE lead_sagas SET dial_requested_at = in_progress_since WHERE correlation_id = @id", ("id", deletedMidCall));

        await using var connection = await _dataSource.OpenConnectionAsync();

        Assert.Equal([due], await LeadSagaQueries.DueForRetry(connection, Now, CancellationToken.None));
        var timedOut = await LeadSagaQueries.StaleCalls(connection, Now.AddHours(-2), CancellationToken.None);
        Assert.Equal(new[] { stale, deletedMidCall }.Order(), timedOut.Select(t => t.LeadId).Order());
    }

    [Fact]
    public async Task A_saga_row_is_written_with_its_zone_resolved_and_read_back_as_written()
    {
        var own = await _database.InsertSaga(LeadStates.Pending, Now, "Europe/London");
        var fromNumber = await _database.InsertSaga(LeadStates.Pending, Now, phone: "+8801977317066");
        // A US toll-free number is not tied to a place: the account's default applies.
        var accountDefault = await _database.InsertSaga(LeadStates.Pending, Now, phone: "+18005550100");

        await using var connection = await _dataSource.OpenConnectionAsync();
        Assert.Equal("Europe/London", (await LeadSagaQueries.Find(connection, own, CancellationToken.None))!.TimeZone);
        Assert.Equal("Asia/Dhaka", (await LeadSagaQueries.Find(connection, fromNumber, CancellationToken.None))!.TimeZone);
        var saga = (await LeadSagaQueries.Find(connection, accountDefault, CancellationToken.None))!;
        Assert.Null(saga.TimeZone);
        Assert.Equal(LeadStates.Pending, saga.CurrentState);
        Assert.Equal("+18005550100", saga.Lead.Phone);
        Assert.Equal(Now, saga.ReadyAt);
        Assert.Null(await LeadSagaQueries.Find(connection, Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task The_bulk_hand_over_resolves_each_leads_zone_as_a_single_saga_write_does_and_audits_its_local_time()
    {
        var leads = new[]
        {
            new LeadReady(Guid.CreateVersion7(), Lead("+12125550100", "Europe/London")),
            new LeadReady(Guid.CreateVersion7(), Lead("+8801977317066")),
            new LeadReady(Guid.CreateVersion7(), Lead("+18005550100")),
        };
        await Execute("UPDATE calling_settings SET default_time_zone = 'America/Chicago'");

        var created = await LeadSagaQueries.InsertBatch(_dataSource, leads, [Now, Now, Now], Now, CancellationToken.None);

        Assert.Equal(3, created);
        Assert.Equal("Europe/London", await Zone(leads[0].LeadId));
        Assert.Equal("Asia/Dhaka", await Zone(leads[1].LeadId));
        Assert.Equal("(account default)", await Zone(leads[2].LeadId));
        Assert.Equal(
            "pending|Lead ready to call (imported)|2026-11-27 06:00 (America/Chicago)",
            await _database.Scalar<string>("SELECT decision || '|' || detail || '|' || lead_local_time FROM dispatch_audit WHERE lead_id = $1", leads[2].LeadId));
        Assert.Equal(0, await LeadSagaQueries.InsertBatch(_dataSource, leads, [Now, Now, Now], Now, CancellationToken.None));
    }

    static LeadDetails Lead(string phone, string? timezone = null) => new("Test Lead", phone, "lead@example.com", null, timezone, new Dictionary<string, string>());

    Task<string> Zone(Guid leadId) => _database.Scalar<string>("SELECT COALESCE(time_zone, '(account default)') FROM lead_sagas WHERE correlation_id = $1", leadId);

    async Task Execute(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
