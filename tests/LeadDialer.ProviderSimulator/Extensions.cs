using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Retell;
using LeadDialer.ProviderSimulator.Scripts;
using LeadDialer.ProviderSimulator.Stats;
using LeadDialer.ProviderSimulator.Webhooks;

namespace LeadDialer.ProviderSimulator;

public static class Extensions
{
    public static WebApplicationBuilder AddProviderSimulator(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.Configure<SimulatorOptions>(builder.Configuration.GetSection(SimulatorOptions.SectionName));
        // The key is the plain RETELL_API_KEY shared with the services, not a Simulator: setting.
        services.PostConfigure<SimulatorOptions>(o =>
        {
            var key = builder.Configuration["RETELL_API_KEY"];
            if (!string.IsNullOrEmpty(key))
                o.Retell.ApiKey = key;
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ScriptStore>();
        services.AddSingleton<OutcomePlanner>();
        services.AddSingleton<CallStore>();
        services.AddSingleton<SimulatorStats>();
        services.AddSingleton<WebhookLog>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<CallLifecycle>();
        services.AddSingleton<RetellWebhookSink>();

        // Per-attempt timeouts are enforced by WebhookSender (each provider has its own), not by HttpClient.
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapProviderSimulator(this WebApplication app)
    {
        app.MapHealthChecks("/health/live");
        app.MapHealthChecks("/health/ready");
        app.MapRetell();
        // Vapi (POST /call, GET /call/{id}) goes here beside Retell, reusing the outcomes, lifecycle and stats.
        app.MapScripts();
        app.MapSimulatorStats();
        return app;
    }
}
