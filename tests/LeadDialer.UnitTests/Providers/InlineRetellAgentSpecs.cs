using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LeadDialer.Contracts;
using LeadDialer.ProviderGateway;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Retell;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;

namespace LeadDialer.UnitTests.Providers;

/// <summary>
/// The guide's "system's inline configuration" for Retell: the agent is created at Retell (LLM, then
/// agent on it), updated in place on a later save, and the created agent places the calls. Retell is an
/// in-memory HTTP handler behind the real Refit client, so the bodies are the ones sent on the wire.
/// </summary>
public class InlineRetellAgentSpecs
{
    sealed class FakeRetell : HttpMessageHandler
    {
        public List<(string Method, string Path, JsonObject Body)> Requests { get; } = [];

        /// <summary>Answers a path with this status and body instead of the success.</summary>
        public Dictionary<string, (HttpStatusCode Status, string Body)> Refusals { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = request.Content is null ? [] : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            Requests.Add((request.Method.Method, path, body));
            var response = Refusals.TryGetValue(path, out var refusal) ? Json(refusal.Status, refusal.Body) : path switch
            {
                "/create-retell-llm" => Json(HttpStatusCode.Created, """{"llm_id":"llm_new","version":0}"""),
                "/create-agent" => Json(HttpStatusCode.Created, """{"agent_id":"agent_new","version":0}"""),
                _ when path.StartsWith("/update-retell-llm/", StringComparison.Ordinal) => Json(HttpStatusCode.OK, $$"""{"llm_id":"{{path[19..]}}"}"""),
                _ when path.StartsWith("/update-agent/", StringComparison.Ordinal) => Json(HttpStatusCode.OK, $$"""{"agent_id":"{{path[14..]}}"}"""),
                _ => Json(HttpStatusCode.NotFound, """{"status":"error","message":"The requested resource was not found."}"""),
            };
            // As HttpClient's own handlers do; Refit reads the request back from the answer of a refusal.
            response.RequestMessage = request;
            return response;
        }

        static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    readonly FakeRetell _retell = new();

    RetellInlineAgents Agents() => new(
        RestService.For<IRetellApi>(new HttpClient(_retell) { BaseAddress = new Uri("http://retell.test") }, new RefitSettings
        {
            ContentSerializer = new SystemTextJsonContentSerializer(ProviderJson.Options),
            AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult("key"),
        }),
        Options.Create(new RetellOptions()),
        TimeProvider.System,
        NullLogger<RetellInlineAgents>.Instance);

    static Agent Inline(string? voiceId = null, string? voicemailMessage = "Hi {{first_name}}, please call us back.") => new()
    {
        Id = Guid.NewGuid(),
        Name = "Sales (inline)",
        Provider = ProviderNames.Retell,
        FromNumber = "+15550000001",
        SystemPrompt = "You are calling {{first_name}} at {{company_name}} about {{product_interest}}.",
        FirstMessage = "Hi {{first_name}}!",
        VoiceId = voiceId,
        VoicemailMessage = voicemailMessage,
    };

    [Fact]
    public async Task Saving_a_new_inline_agent_creates_its_llm_then_the_agent_on_it()
    {
        var agent = Inline();

        var failure = await Agents().Save(agent, CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal(["POST /create-retell-llm", "POST /create-agent"], _retell.Requests.Select(r => $"{r.Method} {r.Path}"));
        var llm = _retell.Requests[0].Body;
        Assert.Equal(agent.SystemPrompt, (string?)llm["general_prompt"]);
        Assert.Equal("Hi {{first_name}}!", (string?)llm["begin_message"]);
        Assert.Equal("agent", (string?)llm["start_speaker"]);
        var created = _retell.Requests[1].Body;
        Assert.Equal("retell-llm", (string?)created["response_engine"]!["type"]);
        Assert.Equal("llm_new", (string?)created["response_engine"]!["llm_id"]);
        // No voice named: the configured default (Providers:Retell:InlineVoiceId).
        Assert.Equal("11labs-Adrian", (string?)created["voice_id"]);
        Assert.Equal("static_text", (string?)created["voicemail_option"]!["action"]!["type"]);
        Assert.Equal("Hi {{first_name}}, please call us back.", (string?)created["voicemail_option"]!["action"]!["text"]);
        Assert.Equal(("llm_new", "agent_new"), (agent.InlineLlmId, agent.InlineAgentId));
        Assert.NotNull(agent.ProviderSyncedAt);
        Assert.Null(agent.ProviderError);
    }

    [Fact]
    public async Task Saving_it_again_updates_the_same_llm_and_agent()
    {
        var agent = Inline(voiceId: "openai-Alloy", voicemailMessage: null);
        agent.InlineLlmId = "llm_1";
        agent.InlineAgentId = "agent_1";

        Assert.Null(await Agents().Save(agent, CancellationToken.None));

        Assert.Equal(["PATCH /update-retell-llm/llm_1", "PATCH /update-agent/agent_1"], _retell.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("openai-Alloy", (string?)_retell.Requests[1].Body["voice_id"]);
        // Without a voicemail message the agent hangs up on a mailbox: detection stays on, the lead is retried.
        Assert.Equal("hangup", (string?)_retell.Requests[1].Body["voicemail_option"]!["action"]!["type"]);
        Assert.Equal(("llm_1", "agent_1"), (agent.InlineLlmId, agent.InlineAgentId));
    }

    [Fact]
    public async Task A_refused_create_agent_says_what_Retell_said_and_keeps_the_llm_for_the_next_save()
    {
        _retell.Refusals["/create-agent"] = (HttpStatusCode.UnprocessableEntity, """{"status":"error","message":"Cannot find requested asset under given api key. (voice_id nope)"}""");
        var agent = Inline(voiceId: "nope");

        var failure = await Agents().Save(agent, CancellationToken.None);

        Assert.NotNull(failure);
        Assert.Equal("create-agent", failure.Step);
        Assert.Equal(422, failure.StatusCode);
        Assert.Equal("Cannot find requested asset under given api key. (voice_id nope)", failure.Message);
        Assert.Equal("llm_new", agent.InlineLlmId);
        Assert.Null(agent.InlineAgentId);
    }

    [Fact]
    public async Task A_refused_key_is_reported_in_the_guides_words()
    {
        _retell.Refusals["/create-retell-llm"] = (HttpStatusCode.Unauthorized, """{"status":"error","message":"API key is missing or invalid."}""");

        var failure = await Agents().Save(Inline(), CancellationToken.None);

        Assert.Equal("API key is invalid or missing", failure!.Error.Reason);
        Assert.Equal("API key is missing or invalid.", failure.Message);
        Assert.Single(_retell.Requests);
    }

    [Fact]
    public void The_call_is_placed_with_the_created_agent()
    {
        var agent = Inline();
        agent.InlineAgentId = "agent_new";
        var command = new PlaceCall(Guid.NewGuid(), 1, Guid.NewGuid(), new LeadDetails("Ada Lovelace", "+14155551234", "ada@example.com", null, null, new Dictionary<string, string>()));

        Assert.Equal("agent_new", RetellCallRequestBuilder.Build(command, agent).OverrideAgentId);
        Assert.True(agent.IsRetellInline);
        Assert.False(new Agent { Name = "x", Provider = ProviderNames.Retell, ExternalAgentId = "agent_1" }.IsRetellInline);
    }

    [Fact]
    public void An_inline_Retell_agent_needs_its_prompt_and_an_external_one_no_templates()
    {
        var inline = AgentValidation.Validate(new AgentsApi.AgentRequest("Inline", "retell", null, "+15550000001", null, "Hi", null, null, null), null);
        var external = AgentValidation.Validate(new AgentsApi.AgentRequest("External", "retell", "agent_1", "+15550000001", null, null, "You are…", null, null, VoiceId: "openai-Alloy"), null);
        var valid = AgentValidation.Validate(new AgentsApi.AgentRequest("Inline", "retell", null, "+15550000001", null, "Hi {{first_name}}", "You are calling {{first_name}}.", "Call us back", null, VoiceId: "openai-Alloy"), null);

        Assert.Equal(["systemPrompt"], inline.Keys);
        Assert.Contains("inline Retell agent needs its prompt", inline["systemPrompt"][0]);
        Assert.Equal(["systemPrompt", "voiceId"], external.Keys.Order());
        Assert.Empty(valid);
    }
}
