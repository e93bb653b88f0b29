using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadDialer.Contracts;
using MassTransit;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// The providers as they are: Vapi requests built from the agent's templates, a lost create answer
/// resolved without dialling twice, and webhooks stored, verified and published once however often
/// and in whatever order they arrive. Listens on the system's bus through a temporary queue.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class ProviderSpecs(LeadDialerSystem system) : IAsyncLifetime
{
    readonly ConcurrentQueue<CallEnded> _ended = new();
    readonly ConcurrentQueue<CallAnalyzed> _analyzed = new();
    readonly ConcurrentQueue<CallStarted> _started = new();
    IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(LeadDialerSystem.RabbitMq));
            // LeadDialer writes enums as strings.
            cfg.ConfigureJsonSerializerOptions(options =>
            {
                options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
                return options;
            });
            cfg.ReceiveEndpoint(e =>
            {
                e.Handler<CallEnded>(c => Enqueue(_ended, c.Message));
                e.Handler<CallAnalyzed>(c => Enqueue(_analyzed, c.Message));
                e.Handler<CallStarted>(c => Enqueue(_started, c.Message));
            });
        });
        await _bus.StartAsync();
    }

    public Task DisposeAsync() => _bus.StopAsync();

    [Fact]
    public async Task A_Vapi_agent_sends_only_the_fields_its_templates_reference_and_its_call_ends_with_the_reports_summary()
    {
        var created = await system.Gateway.PostAsJsonAsync("/api/agents", new
        {
            name = "Vapi inline",
            provider = "vapi",
            firstMessage = "Hi {{first_name}}, are you still the {{job_title}} at {{ company }}?",
            systemPrompt = "You are calling {{name}}. Mention {{favourite_colour}} if known.",
            voicemailMessage = "Hi {{first_name}}, please call us back.",
            phoneNumberId = "pn_simulated_1",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agent = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var agentId = Guid.Parse((string)agent["id"]!);
        // {{favourite_colour}} is neither a standard field nor a defined custom field.
        Assert.Contains(agent["warnings"]!.AsArray(), w => ((string)w!).Contains("{{favourite_colour}}"));

        try
        {
            var phone = LeadDialerSystem.Number("21");
            var command = new PlaceCall(Guid.NewGuid(), 1, Guid.NewGuid(), new LeadDetails(
                "Ada King Lovelace", phone, "ada@example.com", "Analytical Engines", "Europe/London",
                new Dictionary<string, string> { ["job_title"] = "CTO", ["budget"] = "5000" }), agentId);
            await _bus.Publish(command);

            var call = await system.WaitForCallTo(phone);
            Assert.Equal("vapi", (string?)call["provider"]);
            var request = call["request"]!.AsObject();
            Assert.Null(request["metadata"]);
            Assert.Equal("Hi {{first_name}}, are you still the {{job_title}} at {{ company }}?", (string?)request["assistant"]!["firstMessage"]);
            Assert.Equal("pn_simulated_1", (string?)request["phoneNumberId"]);
            Assert.Equal(command.LeadId.ToString(), (string?)request["customer"]!["externalId"]);
            Assert.Equal(command.LeadId.ToString(), (string?)request["assistantOverrides"]!["metadata"]!["leadId"]);
            var values = request["assistantOverrides"]!["variableValues"]!.AsObject();
            Assert.Equal(
                ["company", "favourite_colour", "first_name", "job_title", "name"],
                values.Select(v => v.Key).Order(StringComparer.Ordinal).ToArray());
            Assert.Equal("Ada", (string?)values["first_name"]);
            Assert.Equal("CTO", (string?)values["job_title"]);
            Assert.Equal("Ada King Lovelace", (string?)values["name"]);
            Assert.Equal("", (string?)values["favourite_colour"]);

            var ended = await Eventually(() => _ended.FirstOrDefault(e => e.CallAttemptId == command.CallAttemptId), "CallEnded from Vapi's webhooks");
            Assert.Equal("vapi", ended.Provider);
            Assert.Equal(CallOutcome.Answered, ended.Outcome);
            Assert.Equal("customer-ended-call", ended.EndedReason);
            Assert.Contains("Hi Ada, are you still the CTO at Analytical Engines?", ended.Transcript);
            var started = await Eventually(() => _started.FirstOrDefault(s => s.CallAttemptId == command.CallAttemptId), "CallStarted");
            Assert.Equal(started.ProviderCallId, ended.ProviderCallId);
            // The status-update (ended) may come before the report; the summary then arrives as CallAnalyzed.
            var analyzed = await Eventually(() => _analyzed.FirstOrDefault(a => a.CallAttemptId == command.CallAttemptId), "CallAnalyzed");
            Assert.False(string.IsNullOrEmpty(ended.Summary ?? analyzed.Summary));

            var webhooks = (await system.Simulator.GetFromJsonAsync<JsonArray>("/simulator/webhooks"))!
                .OfType<JsonObject>().Where(w => (string?)w["callId"] == ended.ProviderCallId).ToList();
            Assert.Contains(webhooks, w => (string?)w["event"] == "end-of-call-report");
            Assert.All(webhooks, w => Assert.Equal("delivered", (string?)w["outcome"]));
        }
        finally
        {
            await system.Gateway.DeleteAsync($"/api/agents/{agentId}");
        }
    }

    [Fact]
    public async Task A_Retell_inline_agent_is_created_at_Retell_and_the_call_is_placed_with_the_created_agent()
    {
        var created = await system.Gateway.PostAsJsonAsync("/api/agents", new
        {
            name = "Retell inline",
            provider = "retell",
            fromNumber = "+15550000003",
            systemPrompt = "You are calling {{first_name}}, the {{job_title}} at {{company_name}}. Mention {{favourite_colour}}.",
            firstMessage = "Hi {{first_name}}!",
            voiceId = "openai-Alloy",
            voicemailMessage = "Hi {{first_name}}, please call us back.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agent = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var agentId = Guid.Parse((string)agent["id"]!);
        try
        {
            Assert.True((bool)agent["inline"]!);
            Assert.Null(agent["externalAgentId"]);
            var retellAgentId = (string)agent["inlineAgentId"]!;
            var retellLlmId = (string)agent["inlineLlmId"]!;
            // Found as for a Vapi agent; job_title is a custom field, company_name one of Retell's standard variables.
            var warning = Assert.Single(agent["warnings"]!.AsArray());
            Assert.Contains("{{favourite_colour}}", (string)warning!);
            Assert.DoesNotContain("{{job_title}}", ((string)warning!).Split("Standard")[0]);

            var atRetell = await RetellGet($"/get-agent/{retellAgentId}");
            Assert.Equal(retellLlmId, (string?)atRetell["response_engine"]!["llm_id"]);
            Assert.Equal("openai-Alloy", (string?)atRetell["voice_id"]);
            Assert.Equal("Hi {{first_name}}, please call us back.", (string?)atRetell["voicemail_option"]!["action"]!["text"]);
            var llm = await RetellGet($"/get-retell-llm/{retellLlmId}");
            Assert.Equal("Hi {{first_name}}!", (string?)llm["begin_message"]);

            var phone = LeadDialerSystem.Number("11");
            await _bus.Publish(new PlaceCall(Guid.NewGuid(), 1, Guid.NewGuid(), new LeadDetails(
                "Ada Lovelace", phone, "ada@example.com", "Analytical Engines", "Europe/London", new Dictionary<string, string> { ["job_title"] = "CTO" }), agentId));
            var call = await system.WaitForCallTo(phone);
            Assert.Equal(retellAgentId, (string?)call["agentId"]);
            Assert.Equal(retellAgentId, (string?)call["request"]!["override_agent_id"]);
            Assert.Equal("+15550000003", (string?)call["request"]!["from_number"]);
            Assert.Equal("CTO", (string?)call["request"]!["retell_llm_dynamic_variables"]!["job_title"]);

            // An edit updates the same LLM and agent at Retell.
            var changed = await system.Gateway.PutAsJsonAsync($"/api/agents/{agentId}", new
            {
                name = "Retell inline",
                provider = "retell",
                fromNumber = "+15550000003",
                systemPrompt = "You are calling {{first_name}}.",
                voiceId = "11labs-Myra",
            });
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            var after = (await changed.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(retellAgentId, (string?)after["inlineAgentId"]);
            Assert.Equal("You are calling {{first_name}}.", (string?)(await RetellGet($"/get-retell-llm/{retellLlmId}"))["general_prompt"]);
            Assert.Equal("11labs-Myra", (string?)(await RetellGet($"/get-agent/{retellAgentId}"))["voice_id"]);
        }
        finally
        {
            await system.Gateway.DeleteAsync($"/api/agents/{agentId}");
        }
    }

    [Fact]
    public async Task A_Retell_inline_agent_Retell_refuses_is_not_saved_and_the_answer_carries_Retells_message()
    {
        var name = "Refused inline " + Guid.NewGuid().ToString("N")[..8];
        var response = await system.Gateway.PostAsJsonAsync("/api/agents", new
        {
            name,
            provider = "retell",
            fromNumber = "+15550000003",
            systemPrompt = "You are calling {{first_name}}.",
            voiceId = "no-such-voice",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("create-agent", (string?)problem["step"]);
        Assert.Equal(422, (int)problem["providerStatus"]!);
        Assert.Contains("Cannot find requested asset under given api key. (voice_id no-such-voice)", (string?)problem["detail"]);
        Assert.DoesNotContain(await system.Agents(), a => (string?)a["name"] == name);
    }

    [Fact]
    public async Task A_Vapi_assistant_id_is_read_for_its_placeholders_which_are_sent_and_read_again_on_the_schedule()
    {
        var assistantId = Guid.NewGuid().ToString();
        await SeedAssistant(assistantId, voicemailMessage: "Hi {{first_name}}, call us back.");
        var created = await system.Gateway.PostAsJsonAsync("/api/agents", new
        {
            name = "Vapi external",
            provider = "vapi",
            assistantId,
            phoneNumberId = "pn_simulated_2",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agent = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var agentId = Guid.Parse((string)agent["id"]!);
        try
        {
            Assert.Equal(["first_name", "favourite_colour", "name", "budget"], agent["assistantPlaceholders"]!.AsArray().Select(p => (string)p!));
            Assert.Contains(agent["warnings"]!.AsArray(), w => ((string)w!).Contains("{{favourite_colour}}"));

            var phone = LeadDialerSystem.Number("21");
            await _bus.Publish(new PlaceCall(Guid.NewGuid(), 1, Guid.NewGuid(), new LeadDetails(
                "Ada King Lovelace", phone, "ada@example.com", "Analytical Engines", "Europe/London",
                new Dictionary<string, string> { ["budget"] = "5000", ["job_title"] = "CTO" }), agentId));
            var call = await system.WaitForCallTo(phone);
            var request = call["request"]!.AsObject();
            Assert.Equal(assistantId, (string?)request["assistantId"]);
            Assert.Null(request["assistant"]);
            var values = request["assistantOverrides"]!["variableValues"]!.AsObject();
            Assert.Equal("5000", (string?)values["budget"]);
            Assert.Equal("Ada", (string?)values["first_name"]);
            // Not referenced by the assistant: not sent.
            Assert.Null(values["job_title"]);

            // Edited in Vapi's dashboard: the schedule reads it again.
            await SeedAssistant(assistantId, voicemailMessage: "Hi {{first_name}}, the {{job_title}}, call us back.");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!(await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}"))!["assistantPlaceholders"]!.AsArray().Any(p => (string?)p == "job_title"))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The assistant was not read again in 30 s.\n--- provider-gateway log ---\n{system.Log("provider-gateway")}");
                await Task.Delay(200);
            }
        }
        finally
        {
            await system.Gateway.DeleteAsync($"/api/agents/{agentId}");
        }
    }

    async Task<JsonObject> RetellGet(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LeadDialerSystem.RetellApiKey);
        using var response = await system.Simulator.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The assistant as a user configured it in Vapi: {{budget}} in its prompt, {{favourite_colour}} (no such field) in its end-call message.</summary>
    async Task SeedAssistant(string id, string voicemailMessage)
    {
        var response = await system.Simulator.PutAsJsonAsync($"/simulator/vapi/assistants/{id}", new
        {
            name = "Sales (in Vapi)",
            firstMessage = "Hi {{first_name}}!",
            endCallMessage = "Enjoy the {{favourite_colour}} one.",
            voicemailMessage,
            model = new { provider = "openai", model = "gpt-4o", messages = new[] { new { role = "system", content = "You are calling {{name}} about a budget of {{budget}}." } } },
        });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_create_whose_answer_comes_after_the_timeout_is_looked_up_and_dials_once()
    {
        var phone = LeadDialerSystem.Number("22");
        // The simulator places the call, then holds its 201 three times longer than ProviderGateway waits.
        await system.Script(phone, "create-slow");
        var lead = await system.AddLead(phone);

        var done = await system.WaitForStatus((string)lead["id"]!, "completed", TimeSpan.FromSeconds(60));

        Assert.Equal(1, (int)done["attempts"]!);
        Assert.Equal(1, await system.CallsTo(phone));
    }

    [Fact]
    public async Task A_Retell_webhook_replayed_duplicated_and_reordered_publishes_each_event_once()
    {
        var callId = "call_e2e_" + Guid.NewGuid().ToString("N");
        var (leadId, attemptId) = (Guid.NewGuid(), Guid.NewGuid());
        string Body(string eventName, bool analysis) => new JsonObject
        {
            ["event"] = eventName,
            ["call"] = new JsonObject
            {
                ["call_id"] = callId,
                ["call_status"] = "ended",
                ["start_timestamp"] = 1764230400000,
                ["end_timestamp"] = 1764230460000,
                ["duration_ms"] = 60000,
                ["disconnection_reason"] = "user_hangup",
                ["transcript"] = "Agent: Hi.",
                ["metadata"] = new JsonObject { ["lead_id"] = leadId.ToString(), ["attempt"] = 1, ["call_attempt_id"] = attemptId.ToString() },
                ["call_analysis"] = analysis
                    ? new JsonObject { ["call_summary"] = "Agreed to a demo.", ["in_voicemail"] = false, ["user_sentiment"] = "Positive" }
                    : null,
            },
        }.ToJsonString();

        // The call as ProviderGateway placed it: only reports about placed calls are believed.
        await Placed("retell", callId, leadId, attemptId);
        var markerCallId = callId + "_marker";
        var markerAttemptId = Guid.NewGuid();
        await Placed("retell", markerCallId, leadId, markerAttemptId);

        // Out of order (analysis first), then the end twice, then the analysis replayed.
        foreach (var (eventName, analysis) in new[] { ("call_analyzed", true), ("call_ended", false), ("call_ended", false), ("call_analyzed", true) })
        {
            var response = await PostRetell(Body(eventName, analysis));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        // And one for a call LeadDialer never placed: acknowledged, changes nothing.
        var foreign = await PostRetell("""{"event":"call_ended","call":{"call_id":"call_not_ours","disconnection_reason":"user_hangup"}}""");
        Assert.Equal(HttpStatusCode.NoContent, foreign.StatusCode);

        var ended = await Eventually(() => _ended.FirstOrDefault(e => e.ProviderCallId == callId), "CallEnded");
        var analyzed = await Eventually(() => _analyzed.FirstOrDefault(a => a.ProviderCallId == callId), "CallAnalyzed");
        Assert.Equal(CallOutcome.Answered, ended.Outcome);
        Assert.Equal("Agreed to a demo.", ended.Summary);
        Assert.Equal("Positive", analyzed.Sentiment);
        Assert.False(analyzed.VoicemailDetected);

        // Deliveries are processed and published in arrival order: once a later call's end is seen, a
        // duplicate of this one would have been seen too.
        var marker = await PostRetell(Body("call_ended", false).Replace(callId, markerCallId).Replace(attemptId.ToString(), markerAttemptId.ToString()));
        Assert.Equal(HttpStatusCode.NoContent, marker.StatusCode);
        await Eventually(() => _ended.FirstOrDefault(e => e.ProviderCallId == markerCallId), "the marker call's CallEnded");
        Assert.Single(_ended, e => e.ProviderCallId == callId);
        Assert.Single(_analyzed, a => a.ProviderCallId == callId);
    }

    [Fact]
    public async Task A_burst_of_Retell_webhooks_sent_at_once_is_answered_and_published_once_each()
    {
        // Deliveries that arrive together are stored together; none may be lost, refused or doubled.
        var calls = Enumerable.Range(0, 300).Select(_ => "call_burst_" + Guid.NewGuid().ToString("N")).ToList();
        var placed = calls.ToDictionary(c => c, _ => (LeadId: Guid.NewGuid(), AttemptId: Guid.NewGuid()));
        await Task.WhenAll(placed.Select(p => Placed("retell", p.Key, p.Value.LeadId, p.Value.AttemptId)));
        string Body(string callId) => new JsonObject
        {
            ["event"] = "call_ended",
            ["call"] = new JsonObject
            {
                ["call_id"] = callId,
                ["call_status"] = "ended",
                ["disconnection_reason"] = "user_hangup",
                ["metadata"] = new JsonObject { ["lead_id"] = placed[callId].LeadId.ToString(), ["attempt"] = 1, ["call_attempt_id"] = placed[callId].AttemptId.ToString() },
            },
        }.ToJsonString();

        var responses = await Task.WhenAll(calls.Select(callId => PostRetell(Body(callId))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        foreach (var callId in calls)
        {
            await Eventually(() => _ended.FirstOrDefault(e => e.ProviderCallId == callId), $"CallEnded of {callId}");
        }

        Assert.Equal(calls.Count, _ended.Count(e => calls.Contains(e.ProviderCallId)));
    }

    [Theory]
    [InlineData("""{"message":{"type":"end-of-call-report"}}""", HttpStatusCode.BadRequest)]
    [InlineData("""not json""", HttpStatusCode.BadRequest)]
    public async Task A_malformed_Vapi_webhook_is_refused_with_a_4xx(string body, HttpStatusCode expected)
    {
        var response = await PostVapi(body, sign: true);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_Vapi_webhook_without_a_valid_signature_is_refused()
    {
        var response = await PostVapi("""{"message":{"type":"status-update","status":"ended","call":{"id":"x"}}}""", sign: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_webhook_is_refused_with_413()
    {
        var body = "{\"event\":\"call_ended\",\"pad\":\"" + new string('x', 1_100_000) + "\"}";

        var response = await system.PostRetell(body, expectContinue: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>What ProviderGateway announces when a provider accepts a call: the record reports are checked against.</summary>
    async Task Placed(string provider, string callId, Guid leadId, Guid attemptId)
    {
        await _bus.Publish(new CallStarted(leadId, 1, attemptId, provider, callId, DateTimeOffset.UtcNow));
    }

    Task<HttpResponseMessage> PostRetell(string body) => system.PostRetell(body);

    Task<HttpResponseMessage> PostVapi(string body, bool sign) => sign ? system.PostVapi(body) : system.PostVapi(body, "wrong-secret");

    static Task Enqueue<T>(ConcurrentQueue<T> queue, T message)
    {
        queue.Enqueue(message);
        return Task.CompletedTask;
    }

    async Task<T> Eventually<T>(Func<T?> find, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.\n--- webhooks log ---\n{system.Log("webhooks")}");
            await Task.Delay(50);
        }
    }
}
