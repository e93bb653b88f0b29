using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

// Open-loop load: signed Retell call_ended webhooks through the gateway at a fixed rate, each for a
// different call of a different lead; then waits until every delivery has been processed and its
// CallEnded handed to the broker (the outbox drained), and prints the figures.
//   dotnet run -c Release -- <gateway url> <retell key> <webhooks db connection string> [rate=500] [seconds=30]
var gateway = new Uri(args[0]);
var key = Encoding.UTF8.GetBytes(args[1]);
var database = args[2];
var rate = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500;
var seconds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 30;
var total = rate * seconds;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    BaseAddress = gateway,
    Timeout = TimeSpan.FromSeconds(30),
};

// Warm-up (JIT, connection pools) outside the measurement.
for (var i = 0; i < 50; i++)
{
    await Send(Guid.NewGuid().ToString("N"), warmUp: true, (Guid.NewGuid(), Guid.NewGuid()));
}

var latencies = new double[total];
var statuses = new int[total];
var runId = Guid.NewGuid().ToString("N")[..8];
var leads = Enumerable.Range(0, total).Select(_ => (LeadId: Guid.NewGuid(), AttemptId: Guid.NewGuid())).ToArray();

// Webhooks believes only reports about calls ProviderGateway placed (ADR 0007): record them as its
// CallStarted would have, before the load starts, so what is measured is ingestion.
await using (var seed = new NpgsqlConnection(database))
{
    await seed.OpenAsync();
    await using var writer = await seed.BeginBinaryImportAsync(
        "COPY placed_calls (provider, provider_call_id, lead_id, attempt, call_attempt_id, started_at) FROM STDIN (FORMAT BINARY)");
    for (var i = 0; i < total; i++)
    {
        await writer.WriteRowAsync(default, "retell", $"bench_{runId}_{i}", leads[i].LeadId, 1, leads[i].AttemptId, DateTimeOffset.UtcNow);
    }

    await writer.CompleteAsync();
}

var clock = Stopwatch.StartNew();
var sends = new List<Task>(total);
for (var i = 0; i < total; i++)
{
    // Schedule request i at i/rate seconds, whatever the previous ones are doing (open loop).
    var due = TimeSpan.FromSeconds((double)i / rate);
    var wait = due - clock.Elapsed;
    if (wait > TimeSpan.FromMilliseconds(1))
    {
        await Task.Delay(wait);
    }

    var index = i;
    sends.Add(Task.Run(async () =>
    {
        var started = Stopwatch.GetTimestamp();
        statuses[index] = await Send($"bench_{runId}_{index}", warmUp: false, leads[index]);
        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }));
}

await Task.WhenAll(sends);
var sendSeconds = clock.Elapsed.TotalSeconds;
var accepted = statuses.Count(s => s is >= 200 and < 300);

// Every acknowledged delivery must be reflected: processed, its CallEnded published (outbox empty).
await using var connection = new NpgsqlConnection(database);
await connection.OpenAsync();
var drainClock = Stopwatch.StartNew();
long processed = 0, pending = -1, outbox = -1, published = 0;
while (drainClock.Elapsed < TimeSpan.FromMinutes(5))
{
    processed = await Scalar($"SELECT count(*) FROM webhook_deliveries WHERE provider_call_id LIKE 'bench_{runId}_%' AND status = 'Processed'");
    pending = await Scalar($"SELECT count(*) FROM webhook_deliveries WHERE provider_call_id LIKE 'bench_{runId}_%' AND status = 'Pending'");
    published = await Scalar($"SELECT count(*) FROM call_events WHERE provider_call_id LIKE 'bench_{runId}_%' AND kind = 'ended'");
    outbox = await Scalar("SELECT count(*) FROM outbox_messages");
    if (pending == 0 && outbox == 0 && processed >= accepted)
    {
        break;
    }

    await Task.Delay(200);
}

Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p / 100 * latencies.Length) - 1, 0, latencies.Length - 1)];
Console.WriteLine(FormattableString.Invariant($"requests          {total} at {rate}/s for {seconds} s (sent in {sendSeconds:0.0} s)"));
Console.WriteLine(FormattableString.Invariant($"acknowledged 2xx  {accepted} ({total - accepted} not: {string.Join(", ", statuses.Where(s => s is < 200 or >= 300).GroupBy(s => s).Select(g => $"{g.Count()} × {g.Key}"))})"));
Console.WriteLine(FormattableString.Invariant($"ack latency ms    p50 {Percentile(50):0.0}  p90 {Percentile(90):0.0}  p99 {Percentile(99):0.0}  max {latencies[^1]:0.0}"));
Console.WriteLine(FormattableString.Invariant($"p99 vs goal 50 ms {Percentile(99) / 50:0.00}x"));
Console.WriteLine(FormattableString.Invariant($"reflected         {processed} processed, {published} CallEnded published, {pending} pending, outbox {outbox}; drained {drainClock.Elapsed.TotalSeconds:0.0} s after the last request"));
return accepted == total && processed == total && published == total && outbox == 0 ? 0 : 1;

async Task<long> Scalar(string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

async Task<int> Send(string callId, bool warmUp, (Guid LeadId, Guid AttemptId) lead)
{
    var eventName = warmUp ? "call_started" : "call_ended";
    var body = Encoding.UTF8.GetBytes(
        "{\"event\":\"" + eventName + "\",\"call\":{\"call_id\":\"" + callId + "\",\"call_status\":\"ended\",\"disconnection_reason\":\"user_hangup\"," +
        "\"start_timestamp\":1764230400000,\"end_timestamp\":1764230460000,\"duration_ms\":60000,\"transcript\":\"Agent: Hi.\"," +
        "\"metadata\":{\"lead_id\":\"" + lead.LeadId + "\",\"attempt\":1,\"call_attempt_id\":\"" + lead.AttemptId + "\"}}}");
    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    var digest = Convert.ToHexStringLower(HMACSHA256.HashData(key, body.Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray()));
    using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/retell") { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.Add("x-retell-signature", $"v={timestamp},d={digest}");
    try
    {
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        return 0;
    }
}
