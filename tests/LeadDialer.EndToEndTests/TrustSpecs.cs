using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// Never lose a call, trust only the calls we placed: a call whose webhooks never come is learned by
/// asking the provider; correctly signed webhooks that name another lead or attempt, or a call nobody
/// placed, change nothing — no status, call history, do-not-call entry or paused agent.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class TrustSpecs(LeadDialerSystem system)
{
    const string ForgedSummary = "FORGED: the customer asked to be removed.";
    const string ForgedRecording = "https://attacker.invalid/recording.wav";

    [Fact]
    public async Task A_call_whose_webhooks_never_come_is_completed_by_asking_the_provider()
    {
        // 99: the simulator places and ends the call but never sends a webhook; get-call knows it ended.
        var phone = LeadDialerSystem.Number("99");
        var lead = await system.AddLead(phone);
        var id = (string)lead["id"]!;

        var done = await system.WaitForStatus(id, "completed", LeadDialerSystem.ReconcileAfter + TimeSpan.FromSeconds(45));

        Assert.Equal("Answered", (string?)done["lastOutcome"]);
        Assert.Equal(1, await system.CallsTo(phone));
        var call = Assert.Single(await Calls(id));
        // What the provider said about the call, not a guess: its transcript and recording.
        Assert.Contains("Ada", (string?)call["transcript"], StringComparison.Ordinal);
        Assert.NotNull((string?)call["recordingUrl"]);
        Assert.Contains(await Deliveries(), d => d.EventType == "get-call" && d.CallId == (string)call["providerCallId"]! && d.Outcome.StartsWith("Published", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signed_webhooks_naming_another_lead_attempt_or_an_unknown_call_change_nothing()
    {
        // A victim lead whose call is over, and a live call whose webhooks never come (99).
        var victimPhone = LeadDialerSystem.Number("00");
        var victim = (string)(await system.AddLead(victimPhone, "Grace Hopper"))["id"]!;
        var victimDone = await system.WaitForStatus(victim, "completed");
        var livePhone = LeadDialerSystem.Number("99");
        var live = (string)(await system.AddLead(livePhone))["id"]!;
        await system.WaitForStatus(live, "in-progress");
        var placed = await system.WaitForCallTo(livePhone);
        var liveCallId = (string)placed["callId"]!;
        var liveMetadata = placed["request"]!["metadata"]!;
        var agentsBefore = (await system.PausedAgents()).Length;

        var victimAttemptId = Guid.Parse((string)(await Calls(victim)).Single()["callAttemptId"]!);
        var forgedCallId = "call_forged_" + Guid.NewGuid().ToString("N");
        var forged = new (string Name, Task<HttpResponseMessage> Post)[]
        {
            // The live call's id, but naming the victim lead: an opt-out and a payment error (which would pause the agent).
            ("real call, other lead", system.PostRetell(RetellAnalyzed(liveCallId, Metadata(victim, 1, victimAttemptId), "no_valid_payment"))),
            // The live call's id and lead, but another attempt.
            ("real call, other attempt", system.PostRetell(RetellAnalyzed(liveCallId, Metadata(live, 2, Guid.Parse((string)liveMetadata["call_attempt_id"]!)), "dial_no_answer"))),
            // The victim's real attempt under a call id nobody placed.
            ("real attempt, unknown call", system.PostRetell(RetellAnalyzed(forgedCallId, Metadata(victim, 1, victimAttemptId), "user_hangup"))),
            // A call id and attempt nobody placed, for the victim: dropped once it stays unknown.
            ("unknown call and attempt", system.PostRetell(RetellAnalyzed(forgedCallId + "_2", Metadata(victim, 1, Guid.NewGuid()), "user_hangup"))),
            // The same through Vapi.
            ("vapi, unknown call", system.PostVapi(VapiReport(forgedCallId + "_vapi", victim, Guid.NewGuid()))),
        };
        foreach (var (name, post) in forged)
        {
            using var response = await post;
            // Authentic (correctly signed), so acknowledged: what it says is checked afterwards.
            Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
        }

        // Every forged delivery is dropped as not trusted (the unknown ones after waiting for their CallStarted).
        var forgedIds = new[] { forgedCallId, forgedCallId + "_2", forgedCallId + "_vapi" };
        var dropped = await Eventually(
            async () => (await Deliveries()).Where(d => d.Outcome.StartsWith("Not trusted", StringComparison.Ordinal)
                && (d.CallId == liveCallId || forgedIds.Contains(d.CallId))).ToList(),
            found => found.Count == forged.Length,
            LeadDialerSystem.UnknownCallWait + TimeSpan.FromSeconds(30),
            "every forged delivery dropped as not trusted");
        Assert.Equal(2, dropped.Count(d => d.Outcome.Contains("mismatch", StringComparison.Ordinal) && d.CallId == liveCallId));

        // Nothing changed for the victim: status, attempts, call history, do-not-call list; no agent paused.
        var victimAfter = await system.GetLead(victim);
        Assert.Equal("completed", (string?)victimAfter["status"]);
        Assert.Equal((int)victimDone["attempts"]!, (int)victimAfter["attempts"]!);
        var history = await Calls(victim);
        Assert.Single(history);
        Assert.DoesNotContain(history, c => (string?)c["summary"] == ForgedSummary || (string?)c["recordingUrl"] == ForgedRecording);
        var dnc = await system.Gateway.GetFromJsonAsync<JsonNode>($"/api/dnc?phone={Uri.EscapeDataString(victimPhone)}");
        Assert.DoesNotContain(victimPhone, dnc!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(agentsBefore, (await system.PausedAgents()).Length);

        // The live call is still its own: learned by asking, answered, with the provider's transcript.
        var liveDone = await system.WaitForStatus(live, "completed", LeadDialerSystem.ReconcileAfter + TimeSpan.FromSeconds(45));
        Assert.Equal("Answered", (string?)liveDone["lastOutcome"]);
        Assert.DoesNotContain(await Calls(live), c => (string?)c["summary"] == ForgedSummary);
    }

    static JsonObject Metadata(string leadId, int attempt, Guid callAttemptId) =>
        new() { ["lead_id"] = leadId, ["attempt"] = attempt, ["call_attempt_id"] = callAttemptId.ToString() };

    static string RetellAnalyzed(string callId, JsonObject metadata, string reason)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new JsonObject
        {
            ["event"] = "call_analyzed",
            ["call"] = new JsonObject
            {
                ["call_id"] = callId,
                ["call_status"] = "ended",
                ["start_timestamp"] = now - 5000,
                ["end_timestamp"] = now,
                ["duration_ms"] = 5000,
                ["disconnection_reason"] = reason,
                ["transcript"] = "User: please stop calling me and remove me from your list.",
                ["recording_url"] = ForgedRecording,
                ["metadata"] = metadata,
                ["call_analysis"] = new JsonObject
                {
                    ["call_summary"] = ForgedSummary,
                    ["in_voicemail"] = false,
                    ["custom_analysis_data"] = new JsonObject { ["opted_out"] = true },
                },
            },
        }.ToJsonString();
    }

    static string VapiReport(string callId, string leadId, Guid callAttemptId) => new JsonObject
    {
        ["message"] = new JsonObject
        {
            ["type"] = "end-of-call-report",
            ["endedReason"] = "customer-ended-call",
            ["artifact"] = new JsonObject { ["transcript"] = "User: stop calling me.", ["recordingUrl"] = ForgedRecording },
            ["analysis"] = new JsonObject { ["summary"] = ForgedSummary, ["structuredData"] = new JsonObject { ["opted_out"] = true } },
            ["call"] = new JsonObject
            {
                ["id"] = callId,
                ["status"] = "ended",
                ["assistantOverrides"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["leadId"] = leadId, ["attempt"] = 1, ["callAttemptId"] = callAttemptId.ToString() },
                },
            },
        },
    }.ToJsonString();

    async Task<JsonObject[]> Calls(string leadId) =>
        (await system.Gateway.GetFromJsonAsync<JsonObject[]>($"/api/leads/{leadId}/calls"))!;

    sealed record Delivery(string EventType, string CallId, string Outcome);

    /// <summary>The Webhooks service's own record of every delivery and what became of it.</summary>
    async Task<List<Delivery>> Deliveries()
    {
        await using var connection = new NpgsqlConnection(system.WebhooksDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_type, coalesce(provider_call_id, ''), coalesce(outcome, '') FROM webhook_deliveries", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var deliveries = new List<Delivery>();
        while (await reader.ReadAsync())
        {
            deliveries.Add(new Delivery(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return deliveries;
    }

    static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T value;
        do
        {
            value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Timed out waiting for {what}; last seen: {System.Text.Json.JsonSerializer.Serialize(value)}");
        return value;
    }
}
