using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Retell;
using LeadDialer.ProviderSimulator.Scripts;
using LeadDialer.ProviderSimulator.Stats;
using LeadDialer.ProviderSimulator.Vapi;
using LeadDialer.ProviderSimulator.Webhooks;

namespace LeadDialer.ProviderSimulator;

public static class Extensions
{
    public static WebApplicationBuilder AddProviderSimulator(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.Configure<SimulatorOptions>(builder.Configuration.GetSection(SimulatorOptions.SectionName));
        // The keys are the plain RETELL_API_KEY / VAPI_API_KEY / VAPI_WEBHOOK_SECRET shared with the services, not Simulator: settings.
        services.PostConfigure<SimulatorOptions>(o =>
        {
            var key = builder.Configuration["RETELL_API_KEY"];
            if (!string.IsNullOrEmpty(key))
                o.Retell.ApiKey = key;
            var vapiKey = builder.Configuration["VAPI_API_KEY"];
            if (!string.IsNullOrEmpty(vapiKey))
                o.Vapi.ApiKey = vapiKey;
            var webhookSecret = builder.Configuration["VAPI_WEBHOOK_SECRET"];
            if (!string.IsNullOrEmpty(webhookSecret))
                o.Vapi.WebhookSecret = webhookSecret;
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
        services.AddSingleton<VapiWebhookSink>();
        services.AddSingleton<RetellAgentStore>();
        services.AddSingleton<AssistantStore>();

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
        app.MapRetellAgents();
        app.MapVapi();
        app.MapVapiAssistants();
        app.MapScripts();
        app.MapSimulatorStats();
        return app;
    }
}
