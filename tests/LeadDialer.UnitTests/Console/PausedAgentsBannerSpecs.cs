using System.Net;
using System.Text;
using Bunit;
using LeadDialer.Console.Components.Shared;
using LeadDialer.Console.Gateway;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LeadDialer.UnitTests.Console;

/// <summary>The banner every console screen shows while an agent is paused (bUnit, the gateway's /api/agents answered in memory).</summary>
public sealed class PausedAgentsBannerSpecs : IAsyncLifetime
{
    readonly BunitContext _context = new();
    readonly Answer _agents = new();

    public PausedAgentsBannerSpecs()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(new GatewayClient(new HttpClient(_agents) { BaseAddress = new Uri("http://gateway.invalid") }, new NobodySignedIn()));
    }

    [Fact]
    public void Should_show_a_paused_agent_with_its_reason_the_guides_steps_and_Resume()
    {
        _agents.Json = $"[{Agent("Sales", "vapi", paused: true, "API key is invalid or missing")},{Agent("Support", "retell", paused: false, null)}]";

        var banner = _context.Render<PausedAgentsBanner>();

        var alert = banner.WaitForElement("[role=alert]");
        Assert.Single(banner.FindAll("[role=alert]"));
        Assert.Contains("Agent Sales (vapi) is paused: API key is invalid or missing.", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("Check your environment variables (VAPI_API_KEY).", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("Then press Resume on the agent in Settings → Agents.", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("/settings/agents", banner.Find("a").GetAttribute("href"));
        Assert.Equal("/api/agents", _agents.LastPath);
    }

    [Fact]
    public void Should_show_nothing_while_no_agent_is_paused()
    {
        _agents.Json = $"[{Agent("Support", "retell", paused: false, null)}]";

        var banner = _context.Render<PausedAgentsBanner>();

        banner.WaitForAssertion(() => Assert.Equal("/api/agents", _agents.LastPath));
        Assert.Empty(banner.FindAll("[role=alert]"));
    }

    static string Agent(string name, string provider, bool paused, string? reason) =>
        $$"""{"id":"{{Guid.NewGuid()}}","name":"{{name}}","provider":"{{provider}}","paused":{{(paused ? "true" : "false")}},"pausedReason":{{(reason is null ? "null" : $"\"{reason}\"")}},"isDefault":false,"createdAt":"2026-12-04T00:00:00Z","updatedAt":"2026-12-04T00:00:00Z"}""";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    sealed class Answer : HttpMessageHandler
    {
        public string Json { get; set; } = "[]";

        public string? LastPath { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastPath = request.RequestUri!.AbsolutePath;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Json, Encoding.UTF8, "application/json") });
        }
    }
}
