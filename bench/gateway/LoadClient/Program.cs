using System.Diagnostics;
using System.Globalization;

// Open-loop load: requests leave on a fixed schedule (rate per second) whether or not earlier ones
// have answered, and latency counts from the scheduled moment, so a slow server cannot hide its
// queueing by slowing the client down. Targets are measured in alternating rounds in one run, so
// both see the same machine load.
//
//   LoadClient --rate 1000 --seconds 30 --round 5 --warmup 10 \
//     --target gateway=http://127.0.0.1:P/api/leads/ID --header gateway=X-Api-Key:KEY \
//     --target direct=http://127.0.0.1:Q/api/leads/ID
var options = Options.Parse(args);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

Console.WriteLine($"warm-up {options.Warmup} s, then {options.Seconds} s per target at {options.Rate} req/s in {options.Round} s rounds");
foreach (var target in options.Targets)
{
    await Run(target, options.Warmup / options.Targets.Count, record: null);
}

var results = options.Targets.ToDictionary(t => t.Name, _ => new Result());
for (var elapsed = 0; elapsed < options.Seconds; elapsed += options.Round)
{
    foreach (var target in options.Targets)
    {
        await Run(target, Math.Min(options.Round, options.Seconds - elapsed), results[target.Name]);
    }
}

Console.WriteLine();
Console.WriteLine($"{"target",-10} {"requests",9} {"errors",7} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var (name, result) in results)
{
    Console.WriteLine($"{name,-10} {result.Latencies.Count,9} {result.Errors,7} {result.P(0.50),8:F2} {result.P(0.90),8:F2} {result.P(0.99),8:F2} {result.P(1.0),8:F2}");
}

if (results.Count == 2)
{
    var (a, b) = (results.ElementAt(0), results.ElementAt(1));
    Console.WriteLine();
    Console.WriteLine($"p50 {a.Key}/{b.Key} = {a.Value.P(0.50) / b.Value.P(0.50):F2}x, p99 {a.Key}/{b.Key} = {a.Value.P(0.99) / b.Value.P(0.99):F2}x");
}

async Task Run(Target target, int seconds, Result? record)
{
    var total = options.Rate * seconds;
    var interval = TimeSpan.FromSeconds(1.0 / options.Rate);
    var clock = Stopwatch.StartNew();
    var inFlight = new List<Task>(total);
    for (var i = 0; i < total; i++)
    {
        var due = interval * i;
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        inFlight.Add(Send(target, clock, due, record));
    }

    await Task.WhenAll(inFlight);
}

async Task Send(Target target, Stopwatch clock, TimeSpan due, Result? record)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, target.Url);
    foreach (var (name, value) in target.Headers)
    {
        request.Headers.Add(name, value);
    }

    bool ok;
    try
    {
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        ok = response.IsSuccessStatusCode;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        ok = false;
    }

    record?.Add((clock.Elapsed - due).TotalMilliseconds, ok);
}

sealed record Target(string Name, Uri Url, List<(string Name, string Value)> Headers);

sealed class Result
{
    readonly Lock _lock = new();

    public List<double> Latencies { get; } = [];

    public int Errors { get; private set; }

    public void Add(double milliseconds, bool ok)
    {
        lock (_lock)
        {
            Latencies.Add(milliseconds);
            if (!ok)
            {
                Errors++;
            }
        }
    }

    public double P(double quantile)
    {
        var sorted = Latencies.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

sealed record Options(int Rate, int Seconds, int Round, int Warmup, List<Target> Targets)
{
    public static Options Parse(string[] args)
    {
        int Int(string name, int fallback) =>
            Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

        var targets = new List<Target>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--target")
            {
                var (name, url) = Split(args[i + 1], '=');
                targets.Add(new Target(name, new Uri(url), []));
            }
        }

        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--header")
            {
                var (name, header) = Split(args[i + 1], '=');
                var (key, value) = Split(header, ':');
                targets.Single(t => t.Name == name).Headers.Add((key, value));
            }
        }

        if (targets.Count == 0)
        {
            throw new ArgumentException("Give at least one --target name=url.");
        }

        return new Options(Int("--rate", 1000), Int("--seconds", 30), Int("--round", 5), Int("--warmup", 10), targets);
    }

    static (string, string) Split(string text, char separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? throw new ArgumentException($"'{text}' must look like a{separator}b.") : (text[..at], text[(at + 1)..]);
    }
}
