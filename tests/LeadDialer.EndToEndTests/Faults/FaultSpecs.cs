using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace LeadDialer.EndToEndTests.Faults;

/// <summary>
/// Issue 14 (a)–(c) in one run of the system on its own PostgreSQL and RabbitMQ: while ~40 leads with
/// mixed outcomes are called, Webhooks is SIGKILLed for 10 s, PostgreSQL is stopped with
/// <c>-m immediate</c> and the broker is SIGKILLed, each then restarted. Afterwards every lead must
/// be in the status the guide prescribes (outcomes lost with Webhooks are learned by asking the
/// provider, <see cref="LeadDialerSystem.ReconcileAfter"/> after the call started), no slot may be
/// held, nothing dead-lettered, and no number in two calls at once.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class FaultSpecs
{
    const int Cap = 4;
    const string Name = "Fault Run";
    const string LogFolder = "faults";

    /// <summary>Last two digits (the simulator's rule) → final status and attempts the guide prescribes.</summary>
    static readonly (string Digits, string Status, int Attempts)[] Outcomes =
    [
        ("00", "completed", 1), ("17", "completed", 1), ("33", "completed", 1),
        ("95", "completed", 1),   // provider 5xx once: retried, not an attempt
        ("98", "completed", 1),   // provider 429 once
        ("65", "completed", 3),   // no answer every time: completed after max attempts
        ("75", "completed", 3),   // busy
        ("85", "completed", 3),   // voicemail
        ("91", "failed", 1),      // the number does not exist
        ("99", "completed", 1),   // its webhook never comes: only a poll of the provider learns the end
    ];

    [Fact]
    public async Task Every_lead_ends_right_and_nothing_is_held_or_dead_lettered_after_webhooks_postgres_and_the_broker_crash()
    {
        await using var infrastructure = await PrivateInfrastructure.Start(LeadDialerSystem.LogDirectory(LogFolder));
        var system = LeadDialerSystem.With(new LeadDialerSystemOptions
        {
            Postgres = infrastructure.Postgres,
            RabbitMq = infrastructure.RabbitMq,
            CallPathOnly = true,
            LogFolder = LogFolder,
            // Calls of a few seconds, so faults land while calls are up and ending.
            RingMilliseconds = 1000,
            TalkMilliseconds = 2000,
        });
        try
        {
            await system.InitializeAsync();
            await system.ConfigureCalling(new { maxConcurrentCalls = Cap, maxAttempts = 3 });

            var expected = new Dictionary<string, (string Status, int Attempts)>();
            for (var i = 0; i < 40; i++)
            {
                var (digits, status, attempts) = Outcomes[i % Outcomes.Length];
                expected[$"+1212{Random.Shared.Next(2, 10)}{i:0000}{digits}"] = (status, attempts);
            }

            await Parallel.ForEachAsync(expected.Keys, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (phone, _) => await system.AddLead(phone, Name));

            // (a) Webhooks down for 10 s while calls end: their webhooks fail all three deliveries.
            await CallsPlaced(system, 8);
            await system.Kill("webhooks");
            await Task.Delay(TimeSpan.FromSeconds(10));
            await system.Restart("webhooks");

            // (b) PostgreSQL gone for every service at once, mid-run.
            await CallsPlaced(system, 24);
            await infrastructure.KillPostgres();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await infrastructure.StartPostgres();
            NpgsqlConnection.ClearAllPools();

            // (c) The broker crashes: connections drop, unacknowledged deliveries come back. Every
            // service's endpoints must consume again (the bus watchdog restarts a bus that does not).
            await CallsPlaced(system, 40);
            await infrastructure.KillRabbitMq();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await infrastructure.StartRabbitMq();

            await WaitUntil(
                system,
                async () => await LeadDialerSystem.Count(system.LeadsDatabase, "SELECT count(*) FROM leads WHERE name = $1 AND status IN ('completed', 'failed')", Name) == expected.Count,
                "every lead completed or failed",
                TimeSpan.FromMinutes(5));

            var finals = await system.Finals(Name);
            var wrong = expected
                .Where(e => !finals.TryGetValue(e.Key, out var f) || f != e.Value)
                .Select(e => $"{e.Key}: expected {e.Value}, got {(finals.TryGetValue(e.Key, out var f) ? f.ToString() : "nothing")}")
                .ToList();
            Assert.True(wrong.Count == 0, $"{wrong.Count} lead(s) ended wrongly:\n{string.Join("\n", wrong)}");

            var stats = await system.SimulatorStats();
            Assert.InRange((int)stats["maxConcurrentCalls"]!, 1, Cap);
            Assert.Equal(0, (int)stats["overlappingCallsToSameNumber"]!);
            var calls = stats["callsPerNumber"]!.AsObject();
            var miscounted = expected
                .Where(e => (calls[e.Key]?.GetValue<int>() ?? 0) != e.Value.Attempts)
                .Select(e => $"{e.Key}: {calls[e.Key]?.GetValue<int>() ?? 0} call(s), expected {e.Value.Attempts}")
                .ToList();
            Assert.True(miscounted.Count == 0, $"{miscounted.Count} number(s) called the wrong number of times:\n{string.Join("\n", miscounted)}");

            // No slot held: the Dialer counts nothing in flight and no saga still claims a dial.
            await WaitUntil(
                system,
                async () => (int)(await system.Gateway.GetFromJsonAsync<JsonObject>("/api/dialer/waiting"))!["callsInFlight"]! == 0,
                "no call in flight",
                TimeSpan.FromSeconds(30));
            Assert.Equal(0, await LeadDialerSystem.Count(system.DialerDatabase, "SELECT count(*) FROM lead_sagas WHERE current_state IN ('Pending', 'InProgress', 'Retry') OR dial_requested_at IS NOT NULL"));

            var deadLettered = (await infrastructure.Queues()).Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) && q.Value > 0).ToList();
            Assert.True(deadLettered.Count == 0, $"dead-lettered: {string.Join(", ", deadLettered.Select(q => $"{q.Key}={q.Value}"))}");
        }
        finally
        {
            await system.DisposeAsync();
        }
    }

    static Task CallsPlaced(LeadDialerSystem system, int count) => WaitUntil(
        system,
        async () => (int)(await system.SimulatorStats())["callsCreated"]! >= count,
        $"{count} calls placed",
        TimeSpan.FromMinutes(3));

    static async Task WaitUntil(LeadDialerSystem system, Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                var stats = (JsonObject)(await system.SimulatorStats()).DeepClone();
                stats.Remove("callsPerNumber");
                var leads = (await system.Finals(Name)).GroupBy(f => f.Value).Select(g => $"{g.Count()} {g.Key.Status} after {g.Key.Attempts}");
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}.\nSimulator: {stats.ToJsonString()}\nLeads: {string.Join(", ", leads)}\n" +
                    string.Join("\n", system.Logs().Select(l => $"--- {l.Name} log ---\n{string.Join('\n', l.Log.Split('\n').TakeLast(30))}")));
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>Runs that bring up private servers and crash them: one at a time, beside the shared system's specs.</summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection
{
    public const string Name = "Faults";
}
