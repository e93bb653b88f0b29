using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LeadDialer.EndToEndTests;

/// <summary>One lead travels the whole call path: gateway → Leads → Dialer → ProviderGateway → simulated Retell → Webhooks → Dialer → Leads.</summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class CallPathSpecs(LeadDialerSystem system)
{
    [Fact]
    public async Task An_answered_number_is_completed_after_one_attempt()
    {
        var phone = LeadDialerSystem.Number("00");
        var lead = await system.AddLead(phone);
        Assert.Equal("pending", (string?)lead["status"]);

        var done = await system.WaitForStatus((string)lead["id"]!, "completed");

        Assert.Equal(1, (int)done["attempts"]!);
        Assert.Equal("Answered", (string?)done["lastOutcome"]);
        Assert.Equal(1, await system.CallsTo(phone));

        // Retell got every standard and custom field as a string, and our ids in metadata.
        var request = (await system.CallRequestsTo(phone)).Single()["request"]!;
        var variables = request["retell_llm_dynamic_variables"]!;
        Assert.Equal("Ada Lovelace", (string?)variables["customer_name"]);
        Assert.Equal("Ada", (string?)variables["first_name"]);
        Assert.Equal("Lovelace", (string?)variables["last_name"]);
        Assert.Equal("ada@example.com", (string?)variables["email_address"]);
        Assert.Equal(phone, (string?)variables["phone_number"]);
        Assert.Equal("Analytical Engines", (string?)variables["company_name"]);
        Assert.Equal("CTO", (string?)variables["job_title"]);
        Assert.Equal((string)lead["id"]!, (string?)request["metadata"]!["lead_id"]);
        Assert.Equal(1, (int)request["metadata"]!["attempt"]!);
    }

    [Fact]
    public async Task An_invalid_number_fails_with_the_reason_and_is_never_called()
    {
        const string phone = "(212) 555-1234";
        var lead = await system.AddLead(phone);

        Assert.Equal("failed", (string?)lead["status"]);
        Assert.Equal("Invalid phone number format", (string?)lead["lastError"]!["reason"]);
        Assert.Equal("Permanent", (string?)lead["lastError"]!["kind"]);

        // Stored, visible and still failed through the gateway.
        var stored = await system.GetLead((string)lead["id"]!);
        Assert.Equal("failed", (string?)stored["status"]);
        Assert.Equal(0, (int)stored["attempts"]!);
        Assert.Empty(await system.CallRequestsTo(phone));
    }

    [Fact]
    public async Task A_number_that_never_answers_is_completed_after_exactly_max_attempts()
    {
        var phone = LeadDialerSystem.Number("65");
        var lead = await system.AddLead(phone);

        var done = await system.WaitForStatus((string)lead["id"]!, "completed", TimeSpan.FromSeconds(60));

        Assert.Equal(3, (int)done["attempts"]!);
        Assert.Equal("NoAnswer", (string?)done["lastOutcome"]);
        Assert.Equal(3, await system.CallsTo(phone));
        var attempts = (await system.CallRequestsTo(phone)).Select(c => (int)c["request"]!["metadata"]!["attempt"]!).Order();
        Assert.Equal([1, 2, 3], attempts);
    }

    [Fact]
    public async Task A_busy_number_that_answers_the_second_time_is_completed_after_two_calls()
    {
        var phone = LeadDialerSystem.Number("42");
        await system.Script(phone, "busy", "answered");
        var lead = await system.AddLead(phone);

        var done = await system.WaitForStatus((string)lead["id"]!, "completed", TimeSpan.FromSeconds(60));

        Assert.Equal(2, (int)done["attempts"]!);
        Assert.Equal("Answered", (string?)done["lastOutcome"]);
        Assert.Equal(2, await system.CallsTo(phone));
    }

    [Fact]
    public async Task A_mailbox_only_the_analysis_recognises_is_voicemail_retried_after_the_delay_not_finished()
    {
        // Retell ends it user_hangup; only call_analyzed says in_voicemail: the guide retries voicemail.
        var phone = LeadDialerSystem.Number("43");
        await system.Script(phone, "voicemail-undetected", "answered");
        var lead = await system.AddLead(phone);
        var id = (string)lead["id"]!;

        var done = await system.WaitForStatus(id, "completed", TimeSpan.FromSeconds(60));

        // Called again after the retry delay (seconds here): the first call counted as voicemail.
        Assert.Equal(2, (int)done["attempts"]!);
        Assert.Equal(2, await system.CallsTo(phone));
        var calls = (await system.Gateway.GetFromJsonAsync<JsonObject[]>($"/api/leads/{id}/calls"))!.OrderBy(c => (int)c["attempt"]!).ToArray();
        Assert.Equal(["Voicemail", "Answered"], calls.Select(c => (string?)c["outcome"]));
        Assert.True((bool?)calls[0]["voicemailDetected"]);
    }

    [Fact]
    public async Task A_webhook_with_a_forged_signature_is_refused_and_changes_nothing()
    {
        // 99: the simulator places the call but never sends its webhook, so the lead stays in progress.
        var phone = LeadDialerSystem.Number("99");
        var lead = await system.AddLead(phone);
        var id = (string)lead["id"]!;
        await system.WaitForStatus(id, "in-progress");
        var placed = await system.WaitForCallTo(phone);
        var body = CallEndedWebhook((string)placed["callId"]!, placed["request"]!["metadata"]!);

        var forged = await PostWebhook(body, Sign(body, "not-the-retell-key"));
        var unsigned = await PostWebhook(body, signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("in-progress", (string?)(await system.GetLead(id))["status"]);

        // The very same body, signed with the real key, is accepted and does move the lead: so the
        // refusal above, not the body, is what kept the status unchanged.
        var genuine = await PostWebhook(body, Sign(body, LeadDialerSystem.RetellApiKey));
        Assert.Equal(HttpStatusCode.NoContent, genuine.StatusCode);
        var completed = await system.WaitForStatus(id, "completed");

        // Retell retries deliveries: the same webhook again is accepted and changes nothing.
        var repeated = await PostWebhook(body, Sign(body, LeadDialerSystem.RetellApiKey));
        Assert.Equal(HttpStatusCode.NoContent, repeated.StatusCode);
        var after = await system.GetLead(id);
        Assert.Equal("completed", (string?)after["status"]);
        Assert.Equal((int)completed["attempts"]!, (int)after["attempts"]!);
    }

    [Fact]
    public async Task A_number_that_does_not_exist_fails_after_one_call()
    {
        var phone = LeadDialerSystem.Number("91");
        var lead = await system.AddLead(phone);

        var failed = await system.WaitForStatus((string)lead["id"]!, "failed");

        Assert.Equal("Phone number does not exist", (string?)failed["lastError"]!["reason"]);
        Assert.Equal("invalid_destination", (string?)failed["lastError"]!["providerMessage"]);
        Assert.Equal(1, (int)failed["attempts"]!);
        Assert.Equal(1, await system.CallsTo(phone));
    }

    [Fact]
    public async Task A_provider_server_error_is_retried_and_not_counted_as_an_attempt()
    {
        // 95: Retell answers 500 once, then places the call.
        var phone = LeadDialerSystem.Number("95");
        var lead = await system.AddLead(phone);

        var done = await system.WaitForStatus((string)lead["id"]!, "completed", TimeSpan.FromSeconds(60));

        Assert.Equal(1, (int)done["attempts"]!);
        Assert.Equal(1, await system.CallsTo(phone));
    }

    [Fact]
    public async Task A_rejected_api_key_fails_the_lead_with_the_guides_reason()
    {
        var phone = LeadDialerSystem.Number("10");
        await system.Script(phone, "create-401");
        var lead = await system.AddLead(phone);

        var failed = await system.WaitForStatus((string)lead["id"]!, "failed");

        Assert.Equal("API key is invalid or missing", (string?)failed["lastError"]!["reason"]);
        Assert.Equal("Permanent", (string?)failed["lastError"]!["kind"]);
        // The guide's Retell steps, then the way out of the pause; the provider message is only what Retell said.
        Assert.StartsWith("Check RETELL_API_KEY environment variable. Get a new API key from Retell dashboard.", (string?)failed["lastError"]!["howToFix"]);
        Assert.Contains("Then press Resume on the agent in Settings → Agents.", (string?)failed["lastError"]!["howToFix"]);
        Assert.DoesNotContain("Check RETELL_API_KEY", (string?)failed["lastError"]!["providerMessage"] ?? string.Empty);
        Assert.Equal(0, (int)failed["attempts"]!);
        Assert.Equal(0, await system.CallsTo(phone));

        // An account error would fail every other lead too: the provider's agents are paused until resumed.
        var paused = await system.PausedAgents();
        Assert.NotEmpty(paused);
        Assert.All(paused, a => Assert.Equal("API key is invalid or missing", (string?)a["pausedReason"]));
        await system.ResumeAllAgents();
        Assert.Empty(await system.PausedAgents());
    }

    [Fact]
    public async Task Calls_in_flight_never_exceed_max_concurrent_calls()
    {
        await system.ConfigureCalling(new { maxConcurrentCalls = 2 });
        try
        {
            await system.ResetSimulator();
            var leads = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                leads.Add((string)(await system.AddLead(LeadDialerSystem.Number("30")))["id"]!);
            }

            foreach (var id in leads)
            {
                await system.WaitForStatus(id, "completed", TimeSpan.FromSeconds(60));
            }

            var stats = await system.SimulatorStats();
            Assert.Equal(8, (int)stats["callsCreated"]!);
            Assert.InRange((int)stats["maxConcurrentCalls"]!, 1, 2);
            Assert.Equal(0, (int)stats["overlappingCallsToSameNumber"]!);
        }
        finally
        {
            await system.ConfigureCalling(new { maxConcurrentCalls = 5 });
        }
    }

    [Fact]
    public async Task Api_requests_without_a_valid_key_are_refused()
    {
        using var anonymous = new HttpClient { BaseAddress = system.Gateway.BaseAddress };
        var missing = await anonymous.GetAsync("/api/leads");
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        var wrong = await anonymous.GetAsync("/api/leads");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_retry_delay_outside_the_guides_range_is_refused_and_the_settings_stay()
    {
        var before = await system.Gateway.GetStringAsync("/api/settings/calling");

        var response = await system.Gateway.PutAsJsonAsync("/api/settings/calling", new { retryDelayHours = 200 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("between 1 and 168 hours", (string?)problem["errors"]!["retryDelayHours"]![0]);
        Assert.Equal(before, await system.Gateway.GetStringAsync("/api/settings/calling"));
    }

    static string CallEndedWebhook(string callId, JsonNode metadata)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new JsonObject
        {
            ["event"] = "call_ended",
            ["call"] = new JsonObject
            {
                ["call_id"] = callId,
                ["call_type"] = "phone_call",
                ["call_status"] = "ended",
                ["direction"] = "outbound",
                ["start_timestamp"] = now - 1000,
                ["end_timestamp"] = now,
                ["duration_ms"] = 1000,
                ["disconnection_reason"] = "user_hangup",
                ["transcript"] = "Agent: Hello.",
                ["metadata"] = metadata.DeepClone(),
            },
        }.ToJsonString();
    }

    /// <summary>Retell's scheme, written out independently of the services: hex(HMAC-SHA256(key, body + timestamp)).</summary>
    static string Sign(string body, string key)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body + timestamp));
        return $"v={timestamp},d={Convert.ToHexStringLower(digest)}";
    }

    async Task<HttpResponseMessage> PostWebhook(string body, string? signature)
    {
        using var anonymous = new HttpClient { BaseAddress = system.Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/retell") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("x-retell-signature", signature);
        }

        return await anonymous.SendAsync(request);
    }
}
