using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// Invariant 1 with two Dialer instances on one database and bus, and with one of them crashing:
/// 500 leads, max 20 concurrent calls. The simulator, not the Dialer, says how many calls were up at
/// once and whether a number was ever in two calls.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class TwoDialerSpecs(LeadDialerSystem system)
{
    const int Leads = 500;
    const int Cap = 20;

    /// <summary>Last two digits (the simulator's rule) → final status, attempts and calls the guide prescribes.</summary>
    static readonly (string Digits, string Status, int Attempts)[] Outcomes =
    [
        ("00", "completed", 1), ("17", "completed", 1), ("33", "completed", 1), ("59", "completed", 1), ("42", "completed", 1),
        ("65", "completed", 3),   // no answer, every time: completed after max attempts
        ("75", "completed", 3),   // busy
        ("91", "failed", 1),      // the number does not exist
        ("95", "completed", 1),   // provider 5xx once: retried, not an attempt
        ("98", "completed", 1),   // provider 429 once
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Five_hundred_leads_on_two_dialers_never_exceed_the_cap_never_overlap_and_all_finish(bool killOneDialerMidway)
    {
        await system.ConfigureCalling(new { maxConcurrentCalls = Cap, autoCallingEnabled = false });
        try
        {
            await system.ResetSimulator();
            var exchange = killOneDialerMidway ? 4 : 3;
            var name = $"Load Test {exchange}";
            var expected = new Dictionary<string, (string Status, int Attempts)>();
            for (var i = 0; i < Leads; i++)
            {
                var (digits, status, attempts) = Outcomes[i % Outcomes.Length];
                expected[$"+1212{exchange}{i:0000}{digits}"] = (status, attempts);
            }

            await Parallel.ForEachAsync(expected.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (phone, _) => await system.AddLead(phone, name));
            await WaitUntil(async () => await LeadDialerSystem.Count(system.DialerDatabase, "SELECT count(*) FROM lead_sagas WHERE current_state = 'Pending' AND lead->>'name' = $1", name) >= Leads, "every lead pending in the Dialer", TimeSpan.FromSeconds(180));

            await system.ConfigureCalling(new { autoCallingEnabled = true });
            if (killOneDialerMidway)
            {
                await WaitUntil(async () => (int)(await system.SimulatorStats())["callsCreated"]! >= 150, "150 calls placed", TimeSpan.FromSeconds(300));
                await system.Kill(LeadDialerSystem.SecondDialer);
                var afterKill = (int)(await system.SimulatorStats())["callsCreated"]!;
                await WaitUntil(async () => (int)(await system.SimulatorStats())["callsCreated"]! >= afterKill + 100, "calls go on with one Dialer", TimeSpan.FromSeconds(300));
                await system.Restart(LeadDialerSystem.SecondDialer);
            }

            await WaitUntil(
                async () => await LeadDialerSystem.Count(system.LeadsDatabase, "SELECT count(*) FROM leads WHERE name = $1 AND status IN ('completed', 'failed')", name) == Leads,
                "every lead completed or failed",
                // ~1 minute on a quiet machine; generous because the CI machine is shared.
                TimeSpan.FromSeconds(600));

            var stats = await system.SimulatorStats();
            Assert.InRange((int)stats["maxConcurrentCalls"]!, 1, Cap);
            Assert.Equal(0, (int)stats["overlappingCallsToSameNumber"]!);

            var finals = await system.Finals(name);
            var wrong = expected
                .Where(e => !finals.TryGetValue(e.Key, out var f) || f != e.Value)
                .Select(e => $"{e.Key}: expected {e.Value}, got {(finals.TryGetValue(e.Key, out var f) ? f.ToString() : "nothing")}")
                .ToList();
            Assert.True(wrong.Count == 0, $"{wrong.Count} lead(s) ended wrongly:\n{string.Join("\n", wrong.Take(20))}");

            // Never double-dialled: the simulator received exactly one call per attempt.
            var calls = stats["callsPerNumber"]!.AsObject();
            var miscounted = expected
                .Where(e => (calls[e.Key]?.GetValue<int>() ?? 0) != e.Value.Attempts)
                .Select(e => $"{e.Key}: {calls[e.Key]?.GetValue<int>() ?? 0} call(s), expected {e.Value.Attempts}")
                .ToList();
            Assert.True(miscounted.Count == 0, $"{miscounted.Count} number(s) called the wrong number of times:\n{string.Join("\n", miscounted.Take(20))}");

            // Nothing stuck in the Dialer either: no call in flight, no slot claimed.
            Assert.Equal(0, await LeadDialerSystem.Count(system.DialerDatabase, "SELECT count(*) FROM lead_sagas WHERE lead->>'name' = $1 AND (current_state IN ('Pending', 'InProgress', 'Retry') OR dial_requested_at IS NOT NULL)", name));
            var waiting = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/dialer/waiting"))!;
            Assert.Equal(0, (int)waiting["callsInFlight"]!);
        }
        finally
        {
            await system.ConfigureCalling(new { maxConcurrentCalls = 5, autoCallingEnabled = true });
        }
    }

    static string Summary(JsonObject stats)
    {
        var brief = (JsonObject)stats.DeepClone();
        brief.Remove("callsPerNumber");
        return brief.ToJsonString();
    }

    async Task WaitUntil(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}.\nSimulator: {Summary(await system.SimulatorStats())}\n" +
                $"Waiting: {await system.Gateway.GetStringAsync("/api/dialer/waiting")}\n--- dialer log ---\n{system.Log("dialer")}\n--- dialer-2 log ---\n{system.Log(LeadDialerSystem.SecondDialer)}");
            await Task.Delay(200);
        }
    }
}
