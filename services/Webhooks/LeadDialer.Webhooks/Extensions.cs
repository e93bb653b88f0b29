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
        builder.Services.AddOptions<RetellWebhookOptions>()
            .Configure(o => o.ApiKey = string.IsNullOrWhiteSpace(apiKey) ? RetellWebhookOptions.DevelopmentApiKey : apiKey);
        builder.Services.AddSingleton(sp => new RetellSignatureVerifier(
            sp.GetRequiredService<IOptions<RetellWebhookOptions>>().Value.ApiKey,
            sp.GetRequiredService<TimeProvider>()));

        builder.AddSecretCheck(RetellWebhookOptions.ApiKeyVariable, "webhooks are verified with the development key, which only the simulator signs with.");

        builder.AddMessaging("webhooks");
        return builder;
    }

    public static WebApplication MapWebhooksApi(this WebApplication app)
    {
        app.MapRetellWebhookApi();
        return app;
    }
}
