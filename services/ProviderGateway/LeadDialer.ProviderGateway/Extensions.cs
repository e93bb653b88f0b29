using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ProviderGateway.Data;
using LeadDialer.ProviderGateway.Reconciliation;
using LeadDialer.ProviderGateway.Retell;
using LeadDialer.ProviderGateway.Vapi;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Messaging.Persistence;
using Microsoft.Extensions.Options;
using Refit;

namespace LeadDialer.ProviderGateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The database first: its migrations must run before the bus and the relay start.
        builder.AddPostgres<ProviderGatewayDbContext>("providergateway");
        builder.AddOutboxRelay();
        builder.AddProviders();
        builder.AddAgents();
        builder.AddMessaging("provider-gateway", bus =>
        {
            bus.AddConsumer<PlaceCallConsumer>();
            bus.AddConsumer<PauseOnAccountErrorConsumer>();
            bus.AddConsumer<OutcomeKnownConsumer>();
        });
        return builder;
    }

    public static WebApplication MapProviderGatewayApi(this WebApplication app)
    {
        app.MapAgentsApi();
        return app;
    }

    static void AddAgents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CustomFieldsOptions>().BindConfiguration(CustomFieldsOptions.SectionName);
        builder.Services.AddHttpClient<AgentTemplateCheck>(http => http.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddScoped<RetellInlineAgents>();
        builder.Services.AddScoped<VapiAssistants>();
        builder.Services.AddHostedService<VapiAssistantRefresher>();
        // After AddPostgres: the migrations have run when the default agent is created and announced.
        builder.Services.AddHostedService<AgentCatalogStartup>();
    }

    static void AddProviders(this IHostApplicationBuilder builder)
    {
        var retellKey = builder.Configuration[RetellOptions.ApiKeyVariable];
        builder.Services.AddOptions<RetellOptions>()
            .BindConfiguration(RetellOptions.SectionName)
            .Configure(o => o.ApiKey = string.IsNullOrWhiteSpace(retellKey) ? RetellOptions.DevelopmentApiKey : retellKey)
            .Validate(o => o.Http.TotalTimeout >= o.Http.AttemptTimeout, "Providers:Retell:Http:TotalTimeout must not be shorter than AttemptTimeout.")
            .ValidateOnStart();
        builder.AddSecretCheck(RetellOptions.ApiKeyVariable, "the development key is used, which only the simulator accepts.", [RetellOptions.DevelopmentApiKey]);

        var vapiKey = builder.Configuration[VapiOptions.ApiKeyVariable];
        builder.Services.AddOptions<VapiOptions>()
            .BindConfiguration(VapiOptions.SectionName)
            .Configure(o => o.ApiKey = string.IsNullOrWhiteSpace(vapiKey) ? VapiOptions.DevelopmentApiKey : vapiKey)
            .Validate(o => o.Http.TotalTimeout >= o.Http.AttemptTimeout, "Providers:Vapi:Http:TotalTimeout must not be shorter than AttemptTimeout.")
            .Validate(o => o.AssistantRefreshInterval > TimeSpan.Zero, "Providers:Vapi:AssistantRefreshInterval must be positive, e.g. 00:10:00.")
            .ValidateOnStart();
        builder.AddSecretCheck(VapiOptions.ApiKeyVariable, "the development key is used, which only the simulator accepts.", [VapiOptions.DevelopmentApiKey]);

        builder.AddProviderClient<IRetellApi>(
            ProviderNames.Retell,
            sp => sp.GetRequiredService<IOptions<RetellOptions>>().Value is var o ? (o.BaseUrl, o.ApiKey, o.Http) : default);
        builder.AddProviderClient<IVapiApi>(
            ProviderNames.Vapi,
            sp => sp.GetRequiredService<IOptions<VapiOptions>>().Value is var o ? (o.BaseUrl, o.ApiKey, o.Http) : default);

        builder.Services.AddScoped<IVoiceProvider, RetellProvider>();
        builder.Services.AddScoped<IVoiceProvider, VapiProvider>();
        builder.Services.AddScoped<CallAttemptResolver>();
        builder.Services.AddHostedService<UnresolvedCallSweeper>();
        builder.Services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.SectionName);
        builder.Services.AddHostedService<CallReconciler>();
    }

    /// <summary>A Refit client for one provider, behind its own pipeline (so its circuit breaker and rate limit are its own).</summary>
    static void AddProviderClient<TApi>(this IHostApplicationBuilder builder, string provider, Func<IServiceProvider, (Uri BaseUrl, string ApiKey, ProviderHttpOptions Http)> settings)
        where TApi : class
    {
        builder.Services
            .AddRefitGeneratedClient<TApi>(sp => new RefitSettings
            {
                ContentSerializer = new SystemTextJsonContentSerializer(ProviderJson.Options),
                // The key is read per request and never logged.
                AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(settings(sp).ApiKey),
            })
            .ConfigureHttpClient((sp, http) =>
            {
                http.BaseAddress = settings(sp).BaseUrl;
                // The pipeline's timeouts govern; HttpClient's own would cut across them.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(provider, (pipeline, context) =>
                ProviderResilience.Configure(pipeline, settings(context.ServiceProvider).Http, context.ServiceProvider.GetRequiredService<TimeProvider>()));
    }
}
