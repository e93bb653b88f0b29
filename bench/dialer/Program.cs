using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadDialer.EndToEndTests;
using Npgsql;

// Dialer throughput: N leads (default 10,000) through every service with the simulator answering
// instantly and max concurrent calls 200. Prints lead lifecycles per second (pending → completed as
// the Leads service shows it), the Dialer's dispatch latency p50/p99, and CPU per lifecycle by process.
// Run: see bench/dialer/README.md. Not part of CI.
var leads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
// The warm-up's size: by default a tenth of the leads, at least 200 (the smoke mode passes 0).
int? warmupArgument = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : null;
if (leads is < 1 or > 10_000)
{
    Console.Error.WriteLine("Lead count must be between 1 and 10000 (one phone exchange of unique numbers).");
    return 1;
}

const int Cap = 200;

var system = LeadDialerSystem.With(new LeadDialerSystemOptions { RingMilliseconds = 0, TalkMilliseconds = 0 });
await system.InitializeAsync();
try
{
    await system.ConfigureCalling(new { autoCallingEnabled = false, maxConcurrentCalls = Cap, maxAttempts = 1 });
    var run = Random.Shared.Next(2, 9);

    // Warm-up, not measured: freshly started services spend most of their CPU in the JIT (tiered
    // compilation re-compiling the hot paths) for their first minutes, which is not the steady state.
    var warmup = warmupArgument ?? Math.Max(200, leads / 10);
    Console.WriteLine($"Warm-up: {warmup:N0} leads through a whole lifecycle (not measured)…");
    await AddLeads(system, run + 1, warmup);
    await system.ConfigureCalling(new { autoCallingEnabled = true });
    await Until(async () => await Count(system.LeadsDatabase, "SELECT count(*) FROM leads WHERE status IN ('completed', 'failed')") >= warmup);
    await system.ConfigureCalling(new { autoCallingEnabled = false });

    Console.WriteLine($"Adding {leads:N0} leads (auto-calling off)…");
    var adding = Stopwatch.StartNew();
    await AddLeads(system, run, leads);
    await Until(async () => await Count(system.DialerDatabase, "SELECT count(*) FROM lead_sagas WHERE current_state = 'Pending'") >= leads);
    Console.WriteLine($"  {leads:N0} leads pending in the Dialer after {adding.Elapsed.TotalSeconds:0.0} s");

    var before = Cpu(system);
    var clock = Stopwatch.StartNew();
    await system.ConfigureCalling(new { autoCallingEnabled = true });
    var lastReport = TimeSpan.Zero;
    await Until(async () =>
    {
        var done = await Count(system.LeadsDatabase, "SELECT count(*) FROM leads WHERE status IN ('completed', 'failed')") - warmup;
        if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
        {
            lastReport = clock.Elapsed;
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0} s: {done:N0} done ({done / clock.Elapsed.TotalSeconds:0.0}/s)");
        }

        return done >= leads;
    });
    var elapsed = clock.Elapsed;
    var after = Cpu(system);

    var stats = await system.SimulatorStats();
    Console.WriteLine();
    Console.WriteLine($"Lead lifecycles: {leads:N0} in {elapsed.TotalSeconds:0.0} s = {leads / elapsed.TotalSeconds:0.0}/s (goal ≥ 100/s: ratio {leads / elapsed.TotalSeconds / 100:0.00})");
    Console.WriteLine($"Simulator: {stats["callsCreated"]} calls, max concurrent {stats["maxConcurrentCalls"]} (cap {Cap}), overlapping {stats["overlappingCallsToSameNumber"]}");
    foreach (var dialer in system.Processes.Where(p => p.Name.StartsWith("dialer", StringComparison.Ordinal)))
    {
        using var http = new HttpClient { BaseAddress = dialer.Url };
        var latency = await http.GetFromJsonAsync<JsonObject>("/api/dialer/stats");
        Console.WriteLine($"Dispatch latency ({dialer.Name}, slot freed → next claim committed): p50 {Ms(latency!["dispatchLatencyP50Seconds"])} ms, p99 {Ms(latency["dispatchLatencyP99Seconds"])} ms over {latency["samples"]} claims");
    }

    Console.WriteLine();
    Console.WriteLine("CPU per lifecycle (ms), by process:");
    var total = 0.0;
    foreach (var (name, ticks) in after.OrderByDescending(p => p.Value - before.GetValueOrDefault(p.Key)))
    {
        var ms = (ticks - before.GetValueOrDefault(name)) * 1000.0 / 100 / leads;
        total += ms;
        Console.WriteLine($"  {name,-18} {ms,7:0.000}");
    }

    Console.WriteLine($"  {"total",-18} {total,7:0.000}  → {2000.0 / total:0} lifecycles/s if two cores did nothing else");
    Console.WriteLine($"Wall clock: {elapsed.TotalSeconds:0.0} s × 2 cores = {elapsed.TotalMilliseconds * 2 / leads:0.000} core-ms per lifecycle available; " +
        $"{total / (elapsed.TotalMilliseconds * 2 / leads) * 100:0}% of it used by LeadDialer, PostgreSQL and RabbitMQ.");
    Console.WriteLine($"Load average now: {File.ReadAllText("/proc/loadavg").Trim()} (the machine is shared; postgres/rabbitmq figures include other users' work).");
}
finally
{
    await system.DisposeAsync();
}

return 0;

// Last two digits 00–59: answered. The middle digit keeps the warm-up's numbers apart from the measured ones.
static Task AddLeads(LeadDialerSystem system, int run, int count) =>
    Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        await system.AddLead($"+1212{run}{i:0000}{i % 60:00}", "Bench Lead"));

static string Ms(JsonNode? seconds) => seconds is null ? "n/a" : (seconds.GetValue<double>() * 1000).ToString("0.0", CultureInfo.InvariantCulture);

static async Task Until(Func<Task<bool>> condition)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(30);
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException("The bench did not finish within 30 minutes.");
        }

        await Task.Delay(100);
    }
}

static async Task<long> Count(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

// utime + stime in clock ticks (100/s) from /proc: our processes by name, PostgreSQL and RabbitMQ summed over their processes.
static Dictionary<string, long> Cpu(LeadDialerSystem system)
{
    var result = system.Processes.ToDictionary(p => p.Name, p => Ticks(p.ProcessId));
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), out var pid))
        {
            continue;
        }

        var comm = ReadOrEmpty(Path.Combine(dir, "comm")).Trim();
        var group = comm switch
        {
            "postgres" => "postgresql (all)",
            "beam.smp" => "rabbitmq",
            _ => null,
        };
        if (group is not null)
        {
            result[group] = result.GetValueOrDefault(group) + Ticks(pid);
        }
    }

    return result;
}

static long Ticks(int pid)
{
    var stat = ReadOrEmpty($"/proc/{pid}/stat");
    if (stat.Length == 0)
    {
        return 0;
    }

    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}

static string ReadOrEmpty(string path)
{
    try
    {
        return File.ReadAllText(path);
    }
    catch (IOException)
    {
        return "";
    }
    catch (UnauthorizedAccessException)
    {
        return "";
    }
}
