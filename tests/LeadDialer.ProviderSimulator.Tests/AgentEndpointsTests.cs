using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LeadDialer.ProviderSimulator.Tests;

/// <summary>
/// Retell's agent endpoints (create-retell-llm, create-agent, update-*, get-*) and Vapi's
/// GET /assistant/{id} with seeded assistants, over real HTTP on Kestrel.
/// </summary>
public sealed class AgentEndpointsTests : IAsyncLifetime
{
    private const string RetellKey = "test-retell-key";
    private const string VapiKey = "test-vapi-key";

    private WebApplication _simulator = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RETELL_API_KEY"] = RetellKey,
            ["VAPI_API_KEY"] = VapiKey,
            ["Simulator:RingMilliseconds"] = "50",
            ["Simulator:TalkMilliseconds"] = "50",
            // Nobody listens: webhooks of the one call placed here fail quietly.
            ["Simulator:Retell:WebhookUrl"] = "http://127.0.0.1:9/webhooks/retell",
            ["Simulator:Retell:WebhookMaxRetries"] = "0",
        });
        builder.AddProviderSimulator();
        _simulator = builder.Build();
        _simulator.MapProviderSimulator();
        await _simulator.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_simulator.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _simulator.StopAsync();
        await _simulator.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? json = null, string? key = RetellKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : (JsonNode.Parse(text) as JsonObject ?? []));
    }

    private async Task<string> CreateLlmAsync(string prompt = "You are calling {{first_name}}.")
    {
        var body = new JsonObject { ["general_prompt"] = prompt, ["begin_message"] = "Hi {{first_name}}", ["start_speaker"] = "agent" };
        var (status, llm) = await SendAsync(HttpMethod.Post, "/create-retell-llm", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, status);
        return (string)llm["llm_id"]!;
    }

    [Fact]
    public async Task Create_retell_llm_answers_201_with_its_id_version_and_the_request()
    {
        var (status, llm) = await SendAsync(HttpMethod.Post, "/create-retell-llm", """{"general_prompt":"You are calling {{first_name}}.","begin_message":"Hi","start_speaker":"agent"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.StartsWith("llm_", (string)llm["llm_id"]!);
        Assert.Equal(0, (int)llm["version"]!);
        Assert.False((bool)llm["is_published"]!);
        Assert.True((long)llm["last_modification_timestamp"]! > 0);
        Assert.Equal("You are calling {{first_name}}.", (string?)llm["general_prompt"]);
    }

    [Theory]
    [InlineData("""{"general_prompt":42}""", "general_prompt must be string or null")]
    [InlineData("""{"start_speaker":"robot"}""", "start_speaker must be one of user, agent")]
    [InlineData("""{"prompt":"not Retell's name"}""", "property prompt is not defined")]
    [InlineData("""[1,2]""", "the body must be a JSON object")]
    [InlineData("""{not json""", "not valid JSON")]
    public async Task Create_retell_llm_refuses_a_body_outside_the_schema_with_400(string body, string message)
    {
        var (status, error) = await SendAsync(HttpMethod.Post, "/create-retell-llm", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", (string?)error["status"]);
        Assert.Contains(message, (string?)error["message"]);
    }

    [Fact]
    public async Task Every_agent_endpoint_needs_the_key()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/create-retell-llm"), (HttpMethod.Post, "/create-agent"), (HttpMethod.Patch, "/update-agent/agent_x"), (HttpMethod.Patch, "/update-retell-llm/llm_x"), (HttpMethod.Get, "/get-agent/agent_x") })
        {
            var (status, error) = await SendAsync(method, path, method == HttpMethod.Get ? null : "{}", key: "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("API key is missing or invalid.", (string?)error["message"]);
        }
    }

    [Fact]
    public async Task Create_agent_on_the_llm_answers_201_and_get_agent_returns_it()
    {
        var llmId = await CreateLlmAsync();

        var (status, agent) = await SendAsync(HttpMethod.Post, "/create-agent",
            $$$$"""{"response_engine":{"type":"retell-llm","llm_id":"{{{{llmId}}}}"},"voice_id":"11labs-Adrian","agent_name":"Inline","voicemail_option":{"action":{"type":"static_text","text":"Call us back"}}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var agentId = (string)agent["agent_id"]!;
        Assert.Equal(0, (int)agent["version"]!);
        var (_, read) = await SendAsync(HttpMethod.Get, $"/get-agent/{agentId}");
        Assert.Equal(llmId, (string?)read["response_engine"]!["llm_id"]);
        Assert.Equal("Call us back", (string?)read["voicemail_option"]!["action"]!["text"]);
        var listed = (await _client.GetFromJsonAsync<JsonObject>("/simulator/retell/agents"))!;
        Assert.Contains(listed["agents"]!.AsArray(), a => (string?)a!["agent_id"] == agentId);
    }

    [Theory]
    [InlineData("""{"voice_id":"11labs-Adrian"}""", HttpStatusCode.BadRequest, "response_engine is required")]
    [InlineData("""{"response_engine":{"type":"retell-llm","llm_id":"LLM"}}""", HttpStatusCode.BadRequest, "voice_id is required")]
    [InlineData("""{"response_engine":{"type":"retell-llm"},"voice_id":"11labs-Adrian"}""", HttpStatusCode.BadRequest, "response_engine.llm_id is required")]
    [InlineData("""{"response_engine":{"type":"retell-llm","llm_id":"LLM"},"voice_id":"11labs-Adrian","voicemail_option":{"action":{"type":"static_text"}}}""", HttpStatusCode.BadRequest, "voicemail_option.action.text is required")]
    [InlineData("""{"response_engine":{"type":"retell-llm","llm_id":"llm_unknown"},"voice_id":"11labs-Adrian"}""", HttpStatusCode.UnprocessableEntity, "Cannot find requested asset under given api key.")]
    [InlineData("""{"response_engine":{"type":"retell-llm","llm_id":"LLM"},"voice_id":"no-such-voice"}""", HttpStatusCode.UnprocessableEntity, "voice_id no-such-voice")]
    public async Task Create_agent_refuses_what_Retell_refuses(string body, HttpStatusCode expected, string message)
    {
        var llmId = await CreateLlmAsync();

        var (status, error) = await SendAsync(HttpMethod.Post, "/create-agent", body.Replace("\"LLM\"", $"\"{llmId}\"", StringComparison.Ordinal));

        Assert.Equal(expected, status);
        Assert.Contains(message, (string?)error["message"]);
    }

    [Fact]
    public async Task Updates_patch_the_stored_llm_and_agent_and_unknown_ids_are_422()
    {
        var llmId = await CreateLlmAsync("Old prompt");
        var (_, agent) = await SendAsync(HttpMethod.Post, "/create-agent", $$"""{"response_engine":{"type":"retell-llm","llm_id":"{{llmId}}"},"voice_id":"11labs-Adrian"}""");
        var agentId = (string)agent["agent_id"]!;

        var (llmStatus, llm) = await SendAsync(HttpMethod.Patch, $"/update-retell-llm/{llmId}", """{"general_prompt":"New prompt"}""");
        var (agentStatus, updated) = await SendAsync(HttpMethod.Patch, $"/update-agent/{agentId}", """{"voice_id":"openai-Alloy"}""");

        Assert.Equal(HttpStatusCode.OK, llmStatus);
        Assert.Equal("New prompt", (string?)llm["general_prompt"]);
        Assert.Equal("Hi {{first_name}}", (string?)llm["begin_message"]);
        Assert.Equal(HttpStatusCode.OK, agentStatus);
        Assert.Equal("openai-Alloy", (string?)updated["voice_id"]);
        Assert.Equal(llmId, (string?)updated["response_engine"]!["llm_id"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Patch, "/update-agent/agent_unknown", "{}")).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Patch, "/update-retell-llm/llm_unknown", "{}")).Status);
    }

    [Fact]
    public async Task A_call_with_the_created_agent_is_recorded_with_its_id()
    {
        var llmId = await CreateLlmAsync();
        var (_, agent) = await SendAsync(HttpMethod.Post, "/create-agent", $$"""{"response_engine":{"type":"retell-llm","llm_id":"{{llmId}}"},"voice_id":"11labs-Adrian"}""");
        var agentId = (string)agent["agent_id"]!;

        var (status, _) = await SendAsync(HttpMethod.Post, "/v2/create-phone-call",
            $$$"""{"from_number":"+14155550001","to_number":"+14155550123","override_agent_id":"{{{agentId}}}","metadata":{"lead_id":"lead-1"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var calls = (await _client.GetFromJsonAsync<JsonArray>("/simulator/calls"))!;
        Assert.Contains(calls, c => (string?)c!["agentId"] == agentId && (string?)c["toNumber"] == "+14155550123");
    }

    [Fact]
    public async Task A_seeded_Vapi_assistant_is_served_by_GET_assistant_and_its_reads_counted()
    {
        var id = Guid.NewGuid();
        using var seeded = await _client.PutAsJsonAsync($"/simulator/vapi/assistants/{id}", JsonNode.Parse(
            """{"name":"Sales","firstMessage":"Hi {{first_name}}","model":{"provider":"openai","model":"gpt-4o","messages":[{"role":"system","content":"Budget {{budget}}"}]}}"""));
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);

        var (status, assistant) = await SendAsync(HttpMethod.Get, $"/assistant/{id}", key: VapiKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id.ToString(), (string?)assistant["id"]);
        Assert.Equal("org_simulator", (string?)assistant["orgId"]);
        Assert.NotNull(assistant["createdAt"]);
        Assert.NotNull(assistant["updatedAt"]);
        Assert.Equal("Budget {{budget}}", (string?)assistant["model"]!["messages"]![0]!["content"]);
        var listed = (await _client.GetFromJsonAsync<JsonArray>("/simulator/vapi/assistants"))!;
        Assert.Equal(1, (int)listed.Single(a => (string?)a!["id"] == id.ToString())!["reads"]!);
    }

    [Fact]
    public async Task GET_assistant_answers_Vapis_errors()
    {
        var unknown = await SendAsync(HttpMethod.Get, $"/assistant/{Guid.NewGuid()}", key: VapiKey);
        var notUuid = await SendAsync(HttpMethod.Get, "/assistant/asst_123", key: VapiKey);
        var noKey = await SendAsync(HttpMethod.Get, $"/assistant/{Guid.NewGuid()}", key: "wrong");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(404, (int)unknown.Body["statusCode"]!);
        Assert.Equal("Not Found", (string?)unknown.Body["error"]);
        Assert.Equal(HttpStatusCode.BadRequest, notUuid.Status);
        Assert.Equal("id must be a UUID", (string?)notUuid.Body["message"]![0]);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.Status);
    }

    [Fact]
    public async Task Seeding_refuses_a_property_Vapis_assistant_does_not_have()
    {
        using var response = await _client.PutAsJsonAsync($"/simulator/vapi/assistants/{Guid.NewGuid()}", JsonNode.Parse("""{"prompt":"not Vapi's name"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("property prompt should not exist", await response.Content.ReadAsStringAsync());
    }
}
