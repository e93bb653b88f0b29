using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// Temporary errors placing a call, through the whole system: backed off without counting, until
/// too many in a row count as one failed attempt; a provider at its limit at call end is not an attempt.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class TemporaryErrorSpecs(LeadDialerSystem system)
{
    [Fact]
    public async Task Six_server_errors_in_a_row_are_one_failed_attempt_and_the_lead_is_then_completed()
    {
        var phone = LeadDialerSystem.Number("00");
        await system.Script(phone, "create-500", "create-500", "create-500", "create-500", "create-500", "create-500", "answered");
        var lead = await system.AddLead(phone);
        var id = (string)lead["id"]!;

        var done = await system.WaitForStatus(id, "completed", TimeSpan.FromSeconds(90));

        // The 5th error in a row used up attempt 1 (retry delay, then attempt 2); the 6th was not counted.
        Assert.Equal(2, (int)done["attempts"]!);
        Assert.Equal("Answered", (string?)done["lastOutcome"]);
        Assert.Equal(1, await system.CallsTo(phone));
        var calls = await Calls(id);
        var refused = calls.Where(c => (string?)c["error"]?["reason"] == "Server error").Select(c => (int)c["attempt"]!).Order();
        Assert.Equal([1, 1, 1, 1, 1, 2], refused);
        Assert.Contains(calls, c => (string?)c["outcome"] == "Answered" && (int)c["attempt"]! == 2);

        var retries = (await Audit(id)).Where(e => (string?)e["decision"] == "retry").ToArray();
        var retry = Assert.Single(retries);
        Assert.Contains("Temporary error: Server error (5 times in a row)", (string?)retry["detail"]);
    }

    [Fact]
    public async Task A_call_that_ends_with_the_provider_at_its_concurrency_limit_is_not_an_attempt()
    {
        var phone = LeadDialerSystem.Number("00");
        await system.Script(phone, "ends-concurrency-limit", "answered");
        var lead = await system.AddLead(phone);
        var id = (string)lead["id"]!;

        var done = await system.WaitForStatus(id, "completed", TimeSpan.FromSeconds(60));

        Assert.Equal(1, (int)done["attempts"]!);
        Assert.Equal(2, await system.CallsTo(phone));
        Assert.DoesNotContain(await Audit(id), e => (string?)e["decision"] == "retry");
        var calls = await Calls(id);
        Assert.Contains(calls, c => (string?)c!["outcome"] == "ProviderBusy" && (string?)c["endedReason"] == "concurrency_limit_reached");
    }

    async Task<JsonNode[]> Calls(string id) =>
        (await system.Gateway.GetFromJsonAsync<JsonArray>($"/api/leads/{id}/calls"))!.Select(c => c!).ToArray();

    async Task<JsonNode[]> Audit(string id)
    {
        var audit = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/leads/{id}/audit"))!;
        return audit["entries"]!.AsArray().Select(e => e!).ToArray();
    }
}
