using System.Net;
using System.Text;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Vapi;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadDialer.UnitTests.Providers;

/// <summary>
/// A Vapi agent with an assistant id: the assistant's own placeholders (read from Vapi) are sent like
/// an inline assistant's, and undefined ones are warned about the same way — and so are an inline
/// Retell agent's, against Retell's standard variables.
/// </summary>
public class ExternalVapiAssistantSpecs
{
    const string Assistant = """
        {
          "id": "5b0a5a5e-0d4f-4c1e-9f5e-1c2d3e4f5a6b", "orgId": "org_1", "createdAt": "2026-12-01T00:00:00Z", "updatedAt": "2026-12-01T00:00:00Z",
          "firstMessage": "Hi {{first_name}}!",
          "model": { "provider": "openai", "model": "gpt-4o", "messages": [
            { "role": "system", "content": "You call {{name}} about a budget of {{ budget | default: 'unknown' }}." },
            { "role": "assistant", "content": "Noted {{budget}}." } ] },
          "voicemailMessage": "Call {{company}} back.",
          "endCallMessage": "Bye {{nickname}}.",
          "name": "Not a {{template}}: names are not spoken"
        }
        """;

    static Agent External(params string[] placeholders) => new()
    {
        Id = Guid.NewGuid(),
        Name = "Vapi external",
        Provider = ProviderNames.Vapi,
        AssistantId = "5b0a5a5e-0d4f-4c1e-9f5e-1c2d3e4f5a6b",
        PhoneNumberId = "pn_1",
        AssistantPlaceholders = [.. placeholders],
    };

    [Fact]
    public void The_placeholders_of_an_assistant_are_found_in_its_first_message_model_messages_voicemail_and_end_call_message()
    {
        using var document = JsonDocument.Parse(Assistant);

        Assert.Equal(["first_name", "company", "nickname", "name", "budget"], VapiAssistants.Placeholders(document.RootElement));
    }

    [Fact]
    public void The_assistants_placeholders_are_sent_as_variable_values()
    {
        var command = new PlaceCall(Guid.NewGuid(), 1, Guid.NewGuid(), new LeadDetails(
            "Ada Lovelace", "+14155551234", "ada@example.com", "Analytical Engines", null, new Dictionary<string, string> { ["budget"] = "5000", ["job_title"] = "CTO" }));

        var request = VapiCallRequestBuilder.Build(command, External("first_name", "budget", "company"), new VapiOptions());

        Assert.Equal("5b0a5a5e-0d4f-4c1e-9f5e-1c2d3e4f5a6b", request.AssistantId);
        Assert.Equal(
            new Dictionary<string, string> { ["first_name"] = "Ada", ["budget"] = "5000", ["company"] = "Analytical Engines" },
            request.AssistantOverrides.VariableValues);
    }

    [Fact]
    public async Task Reading_the_assistant_records_its_placeholders_and_a_failure_keeps_the_last_ones_with_Vapis_words()
    {
        var answer = (HttpStatusCode.OK, Assistant);
        var api = Refit.RestService.For<IVapiApi>(new HttpClient(new Answer(() => answer)) { BaseAddress = new Uri("http://vapi.test") });
        var reader = new VapiAssistants(api, TimeProvider.System, NullLogger<VapiAssistants>.Instance);
        var agent = External();

        await reader.Read(agent, CancellationToken.None);
        Assert.Equal(["first_name", "company", "nickname", "name", "budget"], agent.AssistantPlaceholders);
        Assert.Null(agent.ProviderError);

        answer = (HttpStatusCode.NotFound, """{"message":"Couldn't Get Assistant. `assistant` Not Found.","error":"Not Found","statusCode":404}""");
        await reader.Read(agent, CancellationToken.None);
        Assert.Equal(5, agent.AssistantPlaceholders.Count);
        Assert.Contains("404", agent.ProviderError);
        Assert.Contains("Couldn't Get Assistant. `assistant` Not Found.", agent.ProviderError);
    }

    [Fact]
    public async Task Undefined_placeholders_of_the_assistant_are_warned_about_like_an_inline_assistants()
    {
        var warnings = await Check().Warnings(External("first_name", "budget", "nickname"), CancellationToken.None);

        var warning = Assert.Single(warnings);
        Assert.Contains("{{nickname}}", warning);
        Assert.DoesNotContain("{{budget}}", warning);
        Assert.Contains("assistant's own configuration", warning);
    }

    [Fact]
    public async Task An_assistant_that_could_not_be_read_is_warned_about()
    {
        var agent = External();
        agent.ProviderError = "Vapi answered 404 to GET /assistant/x: Couldn't Get Assistant.";

        var warning = Assert.Single(await Check().Warnings(agent, CancellationToken.None));

        Assert.Contains("are not known", warning);
        Assert.Contains("Couldn't Get Assistant.", warning);
    }

    [Fact]
    public async Task An_inline_Retell_agent_is_checked_against_Retells_standard_variables()
    {
        var agent = new Agent
        {
            Id = Guid.NewGuid(),
            Name = "Retell inline",
            Provider = ProviderNames.Retell,
            SystemPrompt = "Call {{customer_name}} of {{company_name}} about {{budget}} and {{company}}.",
        };

        var warning = Assert.Single(await Check().Warnings(agent, CancellationToken.None));

        // {{company}} is Vapi's name; Retell's is {{company_name}}.
        Assert.Contains("{{company}}", warning);
        Assert.DoesNotContain("{{company_name}}.", warning.Split("Standard placeholders")[0]);
        Assert.Contains("{{customer_name}}", warning.Split("Standard placeholders")[1]);
        Assert.Empty(await Check().Warnings(new Agent { Id = Guid.NewGuid(), Name = "External", Provider = ProviderNames.Retell, ExternalAgentId = "agent_1" }, CancellationToken.None));
    }

    /// <summary>Leads answers that "budget" is the one custom field.</summary>
    static AgentTemplateCheck Check() => new(
        new HttpClient(new Answer(() => (HttpStatusCode.OK, """[{"name":"budget","type":"number"}]"""))),
        Options.Create(new CustomFieldsOptions { Url = new Uri("http://leads.test/api/custom-fields") }),
        NullLogger<AgentTemplateCheck>.Instance);

    sealed class Answer(Func<(HttpStatusCode Status, string Body)> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body) = answer();
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
        }
    }
}
