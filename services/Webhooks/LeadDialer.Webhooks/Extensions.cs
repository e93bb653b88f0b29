using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Messaging.Persistence;
using LeadDialer.Webhooks.Data;
using LeadDialer.Webhooks.Deliveries;
using LeadDialer.Webhooks.PlacedCalls;
using LeadDialer.Webhooks.Retell;
using LeadDialer.Webhooks.Vapi;
using Microsoft.Extensions.Options;

namespace LeadDialer.Webhooks;

public static class Extensions
{
    /// <summary>
    /// A delivery is stored in the service's database before it is answered; its events are published
    /// afterwards through the outbox, so the provider gets its 2xx in milliseconds whatever the broker does.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The database first: its migrations must run before the processor, the relay and the bus start.
        builder.AddPostgres<WebhooksDbContext>("webhooks");
        builder.AddOutboxRelay();

        var apiKey = builder.Configuration[RetellWebhookOptions.ApiKeyVariable];
        builder.Services.AddOptions<RetellWebhookOptions>()
            .Configure(o => o.ApiKey = string.IsNullOrWhiteSpace(apiKey) ? RetellWebhookOptions.DevelopmentApiKey : apiKey);
        builder.Services.AddSingleton(sp => new RetellSignatureVerifier(
            sp.GetRequiredService<IOptions<RetellWebhookOptions>>().Value.ApiKey,
            sp.GetRequiredService<TimeProvider>()));
        builder.AddSecretCheck(RetellWebhookOptions.ApiKeyVariable, "webhooks are verified with the development key, which only the simulator signs with.", [RetellWebhookOptions.DevelopmentApiKey]);

        var vapiSecret = builder.Configuration[VapiWebhookOptions.SecretVariable];
        builder.Services.AddOptions<VapiWebhookOptions>()
            .BindConfiguration(VapiWebhookOptions.SectionName)
            .Configure(o => o.Secret = string.IsNullOrWhiteSpace(vapiSecret) ? VapiWebhookOptions.DevelopmentSecret : vapiSecret);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<VapiWebhookOptions>>().Value;
            return new VapiWebhookAuthenticator(options.Auth, options.Secret, sp.GetRequiredService<TimeProvider>());
        });
        builder.AddSecretCheck(VapiWebhookOptions.SecretVariable, "Vapi webhooks are verified with the development secret, which only the simulator sends.", [VapiWebhookOptions.DevelopmentSecret]);

        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryStore>());
        builder.Services.AddSingleton<IDeliveryHandler, RetellDeliveryHandler>();
        builder.Services.AddSingleton<IDeliveryHandler, VapiDeliveryHandler>();
        builder.Services.AddSingleton<DeliveryProcessor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryProcessor>());

        builder.Services.AddOptions<TrustOptions>().BindConfiguration(TrustOptions.SectionName);
        builder.Services.AddOptions<VoicemailOptions>().BindConfiguration(VoicemailOptions.SectionName);

        // Which calls ProviderGateway placed (reports are checked against them) and what it learned by asking.
        builder.AddMessaging("webhooks", bus =>
        {
            bus.AddConsumer<CallStartedConsumer>();
            bus.AddConsumer<CallPolledConsumer>();
        });
        return builder;
    }

    public static WebApplication MapWebhooksApi(this WebApplication app)
    {
        app.MapRetellWebhookApi();
        app.MapVapiWebhookApi();
        return app;
    }
}
