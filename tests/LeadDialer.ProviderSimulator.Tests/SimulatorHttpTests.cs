using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LeadDialer.ProviderSimulator.Retell;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LeadDialer.ProviderSimulator.Tests;

/// <summary>
/// The simulator and a webhook receiver, both on plain Kestrel at 127.0.0.1 port 0, talking real HTTP.
/// </summary>
public sealed class SimulatorHttpTests : IAsyncLifetime
{
    private const string ApiKey = "test-retell-key";
    private const string From = "+14155550001";

    private WebApplication _simulator = null!;
    private WebApplication _receiver = null!;
    private HttpClient _client = null!;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentDictionary<string, int> _failuresToServe = new();

    private sealed record ReceivedWebhook(string Event, JsonElement Call, bool SignatureValid);

    public async Task InitializeAsync()
    {
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        receiverBuilder.Logging.ClearProviders();
        _receiver = receiverBuilder.Build();
        _receiver.MapPost("/webhooks/retell", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            var header = request.Headers[RetellSignature.HeaderName].ToString();
            var json = JsonDocument.Parse(raw).RootElement.Clone();
            var eventName = json.GetProperty("event").GetString()!;

            // Verify the way a Retell customer would: recompute from the raw bytes and the header's timestamp.
            var timestamp = long.Parse(header.Split(',')[0]["v=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var valid = header == RetellSignature.Create(raw, ApiKey, timestamp);

            if (_failuresToServe.TryGetValue(eventName, out var left) && left > 0)
            {
                _failuresToServe[eventName] = left - 1;
                return Results.StatusCode(503);
            }
            await _received.Writer.WriteAsync(new ReceivedWebhook(eventName, json.GetProperty("call"), valid));
            return Results.NoContent();
        });
        await _receiver.StartAsync();

        _simulator = await StartSimulatorAsync(talkMilliseconds: 100);
        _client = new HttpClient { BaseAddress = new Uri(_simulator.Urls.Single()) };
    }

    private async Task<WebApplication> StartSimulatorAsync(int talkMilliseconds)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RETELL_API_KEY"] = ApiKey,
            ["Simulator:RingMilliseconds"] = "50",
            ["Simulator:TalkMilliseconds"] = talkMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulator:CreateTimeoutMilliseconds"] = "30000",
            ["Simulator:Retell:WebhookUrl"] = _receiver.Urls.Single() + "/webhooks/retell",
            ["Simulator:Retell:WebhookRetryBaseDelayMilliseconds"] = "20",
        });
        builder.AddProviderSimulator();
        var simulator = builder.Build();
        simulator.MapProviderSimulator();
        await simulator.StartAsync();
        return simulator;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _simulator.StopAsync();
        await _simulator.DisposeAsync();
        await _receiver.StopAsync();
        await _receiver.DisposeAsync();
    }

    private Task<HttpResponseMessage> CreateCallAsync(string json, string? key = ApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/create-phone-call")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _client.SendAsync(request);
    }

    private static string Body(string to, string variables = """{"customer_name":"Ada Lovelace"}""") =>
        $$$"""{"from_number":"{{{From}}}","to_number":"{{{to}}}","retell_llm_dynamic_variables":{{{variables}}},"metadata":{"lead_id":"lead-1","attempt":1}}""";

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<List<ReceivedWebhook>> ReceiveAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var list = new List<ReceivedWebhook>();
        while (list.Count < count)
            list.Add(await _received.Reader.ReadAsync(timeout.Token));
        return list;
    }

    private async Task<JsonElement> StatsAsync() => await JsonAsync(await _client.GetAsync("/simulator/stats"));

    private async Task<JsonElement> StatsWhenAsync(Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var stats = await StatsAsync();
        while (!condition(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            stats = await StatsAsync();
        }
        return stats;
    }

    [Fact]
    public async Task Answered_call_gets_201_then_three_signed_webhooks_in_order()
    {
        using var response = await CreateCallAsync(Body("+14155550123"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        var callId = created.GetProperty("call_id").GetString()!;
        Assert.Matches("^call_[0-9a-f]{32}$", callId);
        Assert.Equal("registered", created.GetProperty("call_status").GetString());
        Assert.Equal("phone_call", created.GetProperty("call_type").GetString());
        Assert.Equal("outbound", created.GetProperty("direction").GetString());
        Assert.Equal("lead-1", created.GetProperty("metadata").GetProperty("lead_id").GetString());

        var hooks = await ReceiveAsync(3);

        Assert.Equal(["call_started", "call_ended", "call_analyzed"], hooks.Select(h => h.Event));
        Assert.All(hooks, h => Assert.True(h.SignatureValid));
        Assert.All(hooks, h => Assert.Equal(callId, h.Call.GetProperty("call_id").GetString()));
        var ended = hooks[1].Call;
        Assert.Equal("user_hangup", ended.GetProperty("disconnection_reason").GetString());
        Assert.Contains("Ada Lovelace", ended.GetProperty("transcript").GetString());
        Assert.Equal(1, ended.GetProperty("metadata").GetProperty("attempt").GetInt32());
        Assert.True(ended.GetProperty("duration_ms").GetInt64() > 0);
        Assert.False(hooks[2].Call.GetProperty("call_analysis").GetProperty("in_voicemail").GetBoolean());

        var stats = await StatsAsync();
        Assert.Equal(1, stats.GetProperty("callsCreated").GetInt32());
        Assert.Equal(1, stats.GetProperty("maxConcurrentCalls").GetInt32());
        Assert.Equal(0, stats.GetProperty("activeCalls").GetInt32());
        Assert.Equal(1, stats.GetProperty("callsPerNumber").GetProperty("+14155550123").GetInt32());

        var fetched = await JsonAsync(await SendAuthorized(HttpMethod.Get, $"/v2/get-call/{callId}"));
        Assert.Equal("ended", fetched.GetProperty("call_status").GetString());
    }

    [Fact]
    public async Task Wrong_or_missing_key_is_401_with_retells_error_body()
    {
        using var wrong = await CreateCallAsync(Body("+14155550123"), key: "nope");
        using var missing = await CreateCallAsync(Body("+14155550123"), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var body = await JsonAsync(wrong);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));

        var stats = await StatsAsync();
        Assert.Equal(0, stats.GetProperty("callsCreated").GetInt32());
        Assert.Equal(2, stats.GetProperty("createRejected").GetProperty("401").GetInt32());
    }

    [Fact]
    public async Task Non_string_dynamic_variable_is_400_and_creates_nothing()
    {
        using var response = await CreateCallAsync(Body("+14155550123", """{"customer_name":"Ada","age":36}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("retell_llm_dynamic_variables.age", (await JsonAsync(response)).GetProperty("message").GetString());
        Assert.Equal(0, (await StatsAsync()).GetProperty("callsCreated").GetInt32());
    }

    [Fact]
    public async Task Scripted_number_follows_its_script_then_the_rule()
    {
        using var put = await _client.PutAsync("/simulator/scripts/+14155550110",
            new StringContent("""["create-429","busy"]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var first = await CreateCallAsync(Body("+14155550110"));
        using var second = await CreateCallAsync(Body("+14155550110"));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var hooks = await ReceiveAsync(2);
        Assert.Equal(["call_ended", "call_analyzed"], hooks.Select(h => h.Event));
        Assert.Equal("dial_busy", hooks[0].Call.GetProperty("disconnection_reason").GetString());

        using var third = await CreateCallAsync(Body("+14155550110"));
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal("call_started", (await ReceiveAsync(1))[0].Event);
    }

    [Fact]
    public async Task Ends_concurrency_limit_creates_the_call_and_ends_it_not_connected_with_retells_reason()
    {
        using var put = await _client.PutAsync("/simulator/scripts/+14155550112",
            new StringContent("""["ends-concurrency-limit"]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var created = await CreateCallAsync(Body("+14155550112"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hooks = await ReceiveAsync(2);
        Assert.Equal(["call_ended", "call_analyzed"], hooks.Select(h => h.Event));
        var ended = hooks[0].Call;
        Assert.Equal("concurrency_limit_reached", ended.GetProperty("disconnection_reason").GetString());
        Assert.Equal("not_connected", ended.GetProperty("call_status").GetString());
    }

    [Fact]
    public async Task Rule_98_answers_429_with_retry_after_once()
    {
        using var first = await CreateCallAsync(Body("+14155550198"));
        using var second = await CreateCallAsync(Body("+14155550198"));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal("1", first.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Fact]
    public async Task Failed_deliveries_are_retried_and_counted()
    {
        _failuresToServe["call_ended"] = 2;

        using var response = await CreateCallAsync(Body("+14155550165")); // 65: no answer

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var hooks = await ReceiveAsync(2);
        Assert.Equal(["call_ended", "call_analyzed"], hooks.Select(h => h.Event));
        Assert.All(hooks, h => Assert.True(h.SignatureValid));

        // The receiver saw the event before the simulator saw the 2xx, so wait for the count to settle.
        var stats = await StatsWhenAsync(s => s.GetProperty("webhooksDelivered").GetInt32() == 2);
        Assert.Equal(2, stats.GetProperty("webhooksDelivered").GetInt32());
        Assert.Equal(4, stats.GetProperty("webhookAttempts").GetInt32());
        Assert.Equal(0, stats.GetProperty("webhookFailures").GetInt32());
    }

    [Fact]
    public async Task Overlapping_calls_to_the_same_number_are_counted_and_reset_clears_stats()
    {
        // Long talk time so the three calls surely overlap even on a busy machine.
        await _simulator.StopAsync();
        await _simulator.DisposeAsync();
        _simulator = await StartSimulatorAsync(talkMilliseconds: 1500);
        _client.Dispose();
        _client = new HttpClient { BaseAddress = new Uri(_simulator.Urls.Single()) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CreateCallAsync(Body("+14155550142"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var stats = await StatsAsync();
        Assert.Equal(3, stats.GetProperty("maxConcurrentCalls").GetInt32());
        Assert.Equal(2, stats.GetProperty("overlappingCallsToSameNumber").GetInt32());

        var calls = await JsonAsync(await _client.GetAsync("/simulator/calls"));
        Assert.Equal(3, calls.GetArrayLength());
        Assert.Equal("Ada Lovelace", calls[0].GetProperty("request").GetProperty("retell_llm_dynamic_variables").GetProperty("customer_name").GetString());

        await ReceiveAsync(9);
        using var reset = await _client.PostAsync("/simulator/reset", null);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        var after = await StatsAsync();
        Assert.Equal(0, after.GetProperty("callsCreated").GetInt32());
        Assert.Equal(0, after.GetProperty("overlappingCallsToSameNumber").GetInt32());
        Assert.Equal(0, (await JsonAsync(await _client.GetAsync("/simulator/calls"))).GetArrayLength());
    }

    [Fact]
    public async Task Create_timeout_holds_the_request_and_creates_no_call()
    {
        using var put = await _client.PutAsync("/simulator/scripts/%2B14155550111",
            new StringContent("""["create-timeout"]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var impatient = new HttpClient { BaseAddress = _client.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/create-phone-call")
        {
            Content = new StringContent(Body("+14155550111"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.SendAsync(request));

        var stats = await StatsAsync();
        Assert.Equal(1, stats.GetProperty("createTimeouts").GetInt32());
        Assert.Equal(0, stats.GetProperty("callsCreated").GetInt32());
        Assert.Equal(0, (await JsonAsync(await _client.GetAsync("/simulator/calls"))).GetArrayLength());
    }

    private Task<HttpResponseMessage> SendAuthorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return _client.SendAsync(request);
    }
}
