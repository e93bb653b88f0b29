using System.Net;
using System.Text;
using Bunit;
using LeadDialer.Console.Account;
using LeadDialer.Console.Components.Pages;
using LeadDialer.Console.Gateway;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LeadDialer.UnitTests.Console;

/// <summary>Settings → Agents: an inline Retell agent and the placeholders of a Vapi assistant (bUnit, the gateway answered in memory).</summary>
public sealed class AgentsPageSpecs : IAsyncLifetime
{
    const string Agents = """
        [
          {"id":"0193a0b0-0000-7000-8000-000000000001","name":"Inline Retell","provider":"retell","fromNumber":"+15550000003","systemPrompt":"You are calling {{first_name}}.",
           "voiceId":"openai-Alloy","inline":true,"inlineLlmId":"llm_1","inlineAgentId":"agent_created_1","paused":false,"isDefault":true,
           "createdAt":"2026-12-04T00:00:00Z","updatedAt":"2026-12-04T00:00:00Z","warnings":[]},
          {"id":"0193a0b0-0000-7000-8000-000000000002","name":"Vapi external","provider":"vapi","assistantId":"5b0a5a5e-0d4f-4c1e-9f5e-1c2d3e4f5a6b","phoneNumberId":"pn_1",
           "assistantPlaceholders":["first_name","budget","nickname"],"providerSyncedAt":"2026-12-04T01:00:00Z","paused":false,"isDefault":false,
           "createdAt":"2026-12-04T00:00:00Z","updatedAt":"2026-12-04T00:00:00Z",
           "warnings":["These placeholders are neither a standard field nor a defined custom field and will be empty: {{nickname}}."]}
        ]
        """;

    readonly BunitContext _context = new();

    public AgentsPageSpecs()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(new GatewayClient(new HttpClient(new Answer()) { BaseAddress = new Uri("http://gateway.invalid") }, new NobodySignedIn()));
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("operator");
        auth.SetPolicies(ConsoleScopes.Write);
    }

    [Fact]
    public void Should_list_how_each_agent_is_set_up_at_its_provider()
    {
        var page = _context.Render<AgentsPage>();

        page.WaitForAssertion(() => Assert.Contains("retell · inline (Retell agent agent_created_1)", page.Markup, StringComparison.Ordinal));
        Assert.Contains("vapi · assistant 5b0a5a5e-0d4f-4c1e-9f5e-1c2d3e4f5a6b ({{first_name}}, {{budget}}, {{nickname}})", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_edit_an_inline_Retell_agent_with_its_prompt_and_voice()
    {
        var page = _context.Render<AgentsPage>();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("button"), b => b.TextContent == "Edit"));

        page.FindAll("button").First(b => b.TextContent == "Edit").Click();

        Assert.Contains("Inline (LeadDialer creates it at Retell)", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Prompt (Agent Instructions)", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Voice ID (optional)", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Retell agent ID", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Created at Retell as agent agent_created_1", page.Find("form").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_the_placeholders_found_in_a_Vapi_assistant_with_its_warnings()
    {
        var page = _context.Render<AgentsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("button").Count(b => b.TextContent == "Edit")));

        page.FindAll("button").Where(b => b.TextContent == "Edit").ElementAt(1).Click();

        var form = page.Find("form").TextContent;
        Assert.Contains("Placeholders in the Vapi assistant", form, StringComparison.Ordinal);
        Assert.Contains("{{budget}}", form, StringComparison.Ordinal);
        Assert.Contains("will be empty: {{nickname}}", form, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    /// <summary>The agents above, and no custom field.</summary>
    sealed class Answer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(request.RequestUri!.AbsolutePath == "/api/agents" ? Agents : "[]", Encoding.UTF8, "application/json"),
            });
    }
}
