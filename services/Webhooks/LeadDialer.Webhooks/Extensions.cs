using LeadDialer.ServiceDefaults;
using LeadDialer.ServiceDefaults.Messaging;
using LeadDialer.Webhooks.Retell;
using Microsoft.Extensions.Options;

namespace LeadDialer.Webhooks;

public static class Extensions
{
    /// <summary>No database: a webhook is acknowledged only after the broker confirmed its event.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var apiKey = builder.Configuration[RetellWebhookOptions.ApiKeyVariable];
        builder.Services.AddOptions<RetellWebhookOptions>().Configure(o =>
        {
            o.ApiKeyMissing = string.IsNullOrWhiteSpace(apiKey);
            o.ApiKey = o.ApiKeyMissing ? RetellWebhookOptions.DevelopmentApiKey : apiKey!;
        });
        builder.Services.AddSingleton(sp => new RetellSignatureVerifier(
            sp.GetRequiredService<IOptions<RetellWebhookOptions>>().Value.ApiKey,
            sp.GetRequiredService<TimeProvider>()));

        builder.Services.AddSingleton<RetellApiKeyCheck>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetellApiKeyCheck>());
        builder.Services.AddHealthChecks().AddCheck<RetellApiKeyCheck>("retell-api-key", tags: [ServiceDefaultsExtensions.ReadyTag]);

        builder.AddMessaging("webhooks");
        return builder;
    }

    public static WebApplication MapWebhooksApi(this WebApplication app)
    {
        app.MapRetellWebhookApi();
        return app;
    }
}
