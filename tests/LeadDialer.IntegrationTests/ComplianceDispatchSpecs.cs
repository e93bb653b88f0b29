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

/// <summary>
/// The compliance rules in the dispatcher's claim, on a real database: the do-not-call list, the
/// per-number cap with two dispatchers at once, the hard hours and holidays as the C# schedule says,
/// consent, and a skip audited once per change.
/// </summary>
public sealed class ComplianceDispatchSpecs : IAsyncLifetime
{
    // 28 Nov 2026 02:30 UTC: 21:30 (27 Nov) in New York, 02:30 in London, 08:30 in Dhaka, 11:30 in Tokyo, 13:30 in Sydney.
    static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 30, 0, TimeSpan.Zero);

    TestDatabase _database = null!;
    ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await DialerDatabase.Create("compliance");
        _services = new ServiceCollection()
            .AddDbContext<DialerDbContext>(o => o.UseNpgsql(_database.ConnectionString).UseSnakeCaseNamingConvention())
            .AddSingleton(Options.Create(new DialerOptions()))
            .AddSingleton<CallingConfiguration>()
            .BuildServiceProvider();
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 50);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_lead_whose_number_is_on_the_do_not_call_list_is_failed_not_dialled_and_takes_no_slot()
    {
        await _database.SetCallingSettings(autoCalling: true, maxConcurrentCalls: 1);
        var listed = await _database.InsertSaga("Pending", Now.AddMinutes(-10), "Asia/Dhaka", phone: "+8801977317066");
        var other = await _database.InsertSaga("Pending", Now.AddMinutes(-5), "Asia/Dhaka", phone: "+8801977317067");
        await _database.Scalar<int>("WITH i AS (INSERT INTO dnc_numbers (phone, source, added_at) VALUES ('+8801977317066', 'api', now()) RETURNING 1) SELECT count(*)::int FROM i");

        Assert.Equal(1, await NewDispatcher(Now).DispatchOnce(CancellationToken.None));

        Assert.Equal("On do-not-call list", await _database.Scalar<string>("SELECT body->'blocked'->>'reason' FROM outbox_messages WHERE body->>'leadId' = $1", listed.ToString()));
        Assert.True(await _database.Scalar<bool>("SELECT body->'blocked' IS NULL OR body->'blocked' = 'null'::jsonb FROM outbox_messages WHERE body->>'leadId' = $1", other.ToString()));
        Assert.Equal("on-do-not-call-list", await _database.Scalar<string>("SELECT rule FROM dispatch_audit WHERE lead_id = $1 AND decision = 'skipped'", listed));
        Assert.Equal(0L, await _database.Scalar<long>("SELECT count(*) FROM number_calls WHERE phone = '+8801977317066'"));
    }

    [Fact]
    public async Task Two_dispatchers_at_once_with_a_cap_of_one_call_per_24_hours_claim_one_of_two_leads_on_a_number()
    {
        await SetCompliance("max_calls_per24hours = 1");
        var phone = "+8801977317066";
        await _database.InsertSaga("Pending", Now.AddMinutes(-10), "Asia/Dhaka", phone: phone);
        await _database.InsertSaga("Pending", Now.AddMinutes(-9), "Asia/Dhaka", phone: phone);
        // Another number, called 23 hours ago: still capped; its twin called 25 hours ago is not.
        await _database.InsertSaga("Pending", Now.AddMinutes(-8), "Asia/Dhaka", phone: "+8801977317068");
        var due = await _database.InsertSaga("Pending", Now.AddMinutes(-7), "Asia/Dhaka", phone: "+8801977317069");
        await _database.Scalar<int>(
            "WITH i AS (INSERT INTO number_calls (phone, lead_id, called_at) VALUES ('+8801977317068', gen_random_uuid(), $1), ('+8801977317069', gen_random_uuid(), $2) RETURNING 1) SELECT count(*)::int FROM i",
            Now.AddHours(-23), Now.AddHours(-25));

        var (first, second) = (NewDispatcher(Now), NewDispatcher(Now));
        var claimed = (await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).DispatchOnce(CancellationToken.None))))).Sum();

        Assert.Equal(2, claimed);
        Assert.Equal(1L, await _database.Scalar<long>("SELECT count(*) FROM lead_sagas WHERE phone = $1 AND dial_requested_at IS NOT NULL", phone));
        Assert.Equal(1L, await _database.Scalar<long>("SELECT count(*) FROM number_calls WHERE phone = $1", phone));
        Assert.True(await _database.Scalar<bool>("SELECT dial_requested_at IS NOT NULL FROM lead_sagas WHERE correlation_id = $1", due));
    }

    [Fact]
    public async Task The_hard_calling_hours_and_holidays_in_SQL_agree_with_the_CSharp_dialing_schedule()
    {
        await SetCompliance("hard_hours_override = false, holidays = '{2026-11-28}'::date[]");
        var leads = new Dictionary<Guid, string>();
        foreach (var zone in new[] { "America/New_York", "Europe/London", "Asia/Dhaka", "Asia/Tokyo", "Australia/Sydney" })
        {
            leads[await _database.InsertSaga("Pending", Now.AddMinutes(-5), zone)] = zone;
        }

        var settings = await _services.GetRequiredService<CallingConfiguration>().Current(CancellationToken.None);
        await NewDispatcher(Now).DispatchOnce(CancellationToken.None);

        var expected = leads.Where(l => settings.DialingSchedule.IsOpen(Now, l.Value)).Select(l => l.Key).Order().ToList();
        // 21:30 New York and 02:30 London are outside 08:00–21:00; Dhaka, Tokyo and Sydney are on 28 Nov, the holiday.
        Assert.Empty(expected);
        Assert.Empty(await Claimed());

        await SetCompliance("holidays = '{}'::date[]");
        settings = await _services.GetRequiredService<CallingConfiguration>().Current(CancellationToken.None);
        await NewDispatcher(Now).DispatchOnce(CancellationToken.None);
        expected = leads.Where(l => settings.DialingSchedule.IsOpen(Now, l.Value)).Select(l => l.Key).Order().ToList();
        Assert.Equal(3, expected.Count); // Dhaka, Tokyo, Sydney
        Assert.Equal(expected, (await Claimed()).Order().ToList());
    }

    [Fact]
    public async Task A_lead_without_consent_is_not_dialled_while_consent_is_required()
    {
        await SetCompliance("require_consent = true");
        var without = await _database.InsertSaga("Pending", Now.AddMinutes(-10), "Asia/Dhaka");
        var with = await _database.InsertSaga("Pending", Now.AddMinutes(-5), "Asia/Dhaka", consentCapturedAt: Now.AddDays(-30));

        await NewDispatcher(Now).DispatchOnce(CancellationToken.None);

        Assert.Equal([with], await Claimed());
        Assert.Equal("consent-required", await _database.Scalar<string>("SELECT rule FROM dispatch_audit WHERE lead_id = $1", without));
    }

    [Fact]
    public async Task A_skip_repeated_every_cycle_is_audited_once_and_again_after_the_lead_changes_state()
    {
        await SetCompliance("hard_hours_override = false");
        var lead = await _database.InsertSaga("Pending", Now.AddMinutes(-10), "America/New_York");

        for (var i = 0; i < 3; i++)
        {
            await NewDispatcher(Now, skipAuditEveryCycle: true).DispatchOnce(CancellationToken.None);
        }

        Assert.Equal(1L, await _database.Scalar<long>("SELECT count(*) FROM dispatch_audit WHERE lead_id = $1", lead));
        Assert.Equal(
            "skipped|outside-permitted-calling-hours|2026-11-27 21:30 (America/New_York)",
            await _database.Scalar<string>("SELECT decision || '|' || rule || '|' || lead_local_time FROM dispatch_audit WHERE lead_id = $1", lead));
    }

    Task SetCompliance(string assignments) =>
        _database.Scalar<int>($"WITH u AS (UPDATE compliance_settings SET {assignments} RETURNING 1) SELECT count(*)::int FROM u");

    Dispatcher NewDispatcher(DateTimeOffset now, bool skipAuditEveryCycle = false) =>
        new(
            NpgsqlDataSource.Create(_database.ConnectionString),
            _services.GetRequiredService<CallingConfiguration>(),
            new DispatchSignal(),
            new OutboxSignal(),
            new DispatchLatency(),
            new FixedClock(now),
            Options.Create(new DialerOptions { SkipAuditInterval = skipAuditEveryCycle ? TimeSpan.Zero : new DialerOptions().SkipAuditInterval }),
            NullLogger<Dispatcher>.Instance);

    async Task<List<Guid>> Claimed()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT correlation_id FROM lead_sagas WHERE dial_requested_at IS NOT NULL", connection);
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
