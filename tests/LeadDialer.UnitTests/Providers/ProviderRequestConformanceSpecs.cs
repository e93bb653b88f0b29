using System.Text.Json;
using Json.Schema;
using LeadDialer.Contracts;
using LeadDialer.ProviderGateway;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Retell;
using LeadDialer.ProviderGateway.Vapi;

namespace LeadDialer.UnitTests.Providers;

/// <summary>Every request body LeadDialer sends, checked against the provider's own OpenAPI document.</summary>
public class ProviderRequestConformanceSpecs
{
    static readonly Lazy<JsonSchema> VapiCreateCall = new(OpenApiDocuments.VapiCreateCall);
    static readonly Lazy<JsonSchema> RetellCreatePhoneCall = new(() => OpenApiDocuments.RetellRequest("/v2/create-phone-call"));
    static readonly Lazy<JsonSchema> RetellListCalls = new(() => OpenApiDocuments.RetellRequest("/v2/list-calls"));
    static readonly Lazy<JsonSchema> RetellCreateLlm = new(() => OpenApiDocuments.RetellRequest("/create-retell-llm"));
    static readonly Lazy<JsonSchema> RetellCreateAgent = new(() => OpenApiDocuments.RetellRequest("/create-agent"));

    static PlaceCall Command(Dictionary<string, string>? custom = null, string name = "Ada King Lovelace") =>
        new(Guid.NewGuid(), 2, Guid.NewGuid(), new LeadDetails(
            name, "+14155551234", "ada@example.com", "Analytical Engines", "Europe/London",
            custom ?? new Dictionary<string, string> { ["job_title"] = "CTO", ["budget"] = "5000" }));

    public static TheoryData<string, Agent> VapiAgents => new()
    {
        {
            "inline, every template",
            Vapi(firstMessage: "Hi {{first_name}}, are you still the {{job_title}} at {{company}}?",
                systemPrompt: "You are calling {{name}} ({{email}}, {{phone}}, {{timezone}}).",
                voicemailMessage: "Hi {{ first_name | capitalize }}, call us back.")
        },
        { "inline, first message only", Vapi(firstMessage: "Hello there.") },
        { "inline, unknown placeholder", Vapi(firstMessage: "Hi {{nickname}}") },
        { "external assistant", Vapi(assistantId: "asst_123") },
        { "external assistant with overrides", Vapi(assistantId: "asst_123", firstMessage: "Hi {{last_name}}", voicemailMessage: "Bye {{name}}") },
    };

    [Theory]
    [MemberData(nameof(VapiAgents))]
    public void Should_send_Vapi_a_body_its_schema_accepts(string _, Agent agent)
    {
        var body = JsonSerializer.SerializeToElement(VapiCallRequestBuilder.Build(Command(), agent, new VapiOptions()), ProviderJson.Options);

        AssertValid(VapiCreateCall.Value, body);
    }

    [Fact]
    public void Should_refuse_a_Vapi_body_with_a_property_Vapi_does_not_have()
    {
        var body = JsonSerializer.SerializeToNode(VapiCallRequestBuilder.Build(Command(), Vapi(firstMessage: "Hi"), new VapiOptions()), ProviderJson.Options)!;
        body["metadata"] = new System.Text.Json.Nodes.JsonObject { ["leadId"] = "x" };

        Assert.False(VapiCreateCall.Value.Evaluate(JsonSerializer.SerializeToElement(body)).IsValid);
    }

    [Theory]
    [InlineData("Ada Lovelace")]
    [InlineData("Cher")]
    [InlineData("")]
    public void Should_send_Retell_a_body_its_schema_accepts(string name)
    {
        var agent = new Agent { Name = "Retell", Provider = ProviderNames.Retell, ExternalAgentId = "agent_1", FromNumber = "+15550000001" };
        var body = JsonSerializer.SerializeToElement(RetellCallRequestBuilder.Build(Command(name: name), agent), ProviderJson.Options);

        AssertValid(RetellCreatePhoneCall.Value, body);
    }

    [Fact]
    public void Should_look_a_call_up_with_a_list_calls_body_Retell_accepts()
    {
        var request = new ListCallsRequest(new ListCallsFilter(new Dictionary<string, string[]> { ["metadata.call_attempt_id"] = [Guid.NewGuid().ToString()] }), 10);

        AssertValid(RetellListCalls.Value, JsonSerializer.SerializeToElement(request, ProviderJson.Options));
    }

    [Theory]
    [InlineData("You are calling {{first_name}}.", "Hi {{first_name}}")]
    [InlineData("You are calling.", null)]
    public void Should_create_an_inline_agents_llm_with_a_body_Retell_accepts(string prompt, string? firstMessage) =>
        AssertValid(RetellCreateLlm.Value, JsonSerializer.SerializeToElement(new RetellLlmRequest(prompt, firstMessage), ProviderJson.Options));

    [Fact]
    public void Should_refuse_an_llm_body_with_a_property_Retell_does_not_have()
    {
        var body = JsonSerializer.SerializeToNode(new RetellLlmRequest("You are calling.", null), ProviderJson.Options)!;
        body["prompt"] = "not Retell's name";

        Assert.False(RetellCreateLlm.Value.Evaluate(JsonSerializer.SerializeToElement(body)).IsValid);
    }

    [Theory]
    [InlineData("Hi, please call us back.")]
    [InlineData(null)]
    public void Should_create_an_inline_agent_with_a_body_Retell_accepts(string? voicemailMessage)
    {
        var request = new RetellAgentRequest(new RetellResponseEngine("llm_1"), "11labs-Adrian", "Sales (inline)", RetellVoicemailOption.For(voicemailMessage));

        AssertValid(RetellCreateAgent.Value, JsonSerializer.SerializeToElement(request, ProviderJson.Options));
    }

    static Agent Vapi(string? assistantId = null, string? firstMessage = null, string? systemPrompt = null, string? voicemailMessage = null) => new()
    {
        Name = "Vapi",
        Provider = ProviderNames.Vapi,
        AssistantId = assistantId,
        FirstMessage = firstMessage,
        SystemPrompt = systemPrompt,
        VoicemailMessage = voicemailMessage,
        PhoneNumberId = "pn_1",
    };

    static void AssertValid(JsonSchema schema, JsonElement body)
    {
        var result = schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{body}\nis refused by the schema:\n" + string.Join("\n",
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }
}
