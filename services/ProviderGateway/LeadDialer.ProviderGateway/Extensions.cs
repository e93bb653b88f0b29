using System.Text.Json;
using System.Text.Json.Serialization;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ProviderGateway.Data;
using LeadDialer.ProviderGateway.Retell;
using LeadDialer.ServiceDefaults;
using LeadDialer.ServiceDefaults.Messaging;
using LeadDialer.ServiceDefaults.Outbox;
using LeadDialer.ServiceDefaults.Persistence;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace LeadDialer.ProviderGateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The database first: its migrations must run before the bus and the relay start.
        builder.AddPostgres<ProviderGatewayDbContext>("providergateway");
        builder.AddOutboxRelay();
        builder.AddRetell();
        builder.AddAgents();
        builder.AddMessaging("provider-gateway", bus => bus.AddConsumer<PlaceCallConsumer>());
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
        // After AddPostgres: the migrations have run when the default agent is created and announced.
        builder.Services.AddHostedService<AgentCatalogStartup>();
    }

    static void AddRetell(this IHostApplicationBuilder builder)
    {
        var apiKey = builder.Configuration[RetellOptions.ApiKeyVariable];
        builder.Services.AddOptions<RetellOptions>()
            .BindConfiguration(RetellOptions.SectionName)
            .Configure(o => o.ApiKey = string.IsNullOrWhiteSpace(apiKey) ? RetellOptions.DevelopmentApiKey : apiKey)
            .Validate(o => o.TotalTimeout >= o.AttemptTimeout, "Providers:Retell:TotalTimeout must not be shorter than AttemptTimeout.")
            .ValidateOnStart();

        builder.AddSecretCheck(RetellOptions.ApiKeyVariable, "the development key is used, which only the simulator accepts.");

        builder.Services
            .AddRefitGeneratedClient<IRetellApi>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<RetellOptions>>();
                return new RefitSettings
                {
                    ContentSerializer = new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
                    {
                        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                    }),
                    AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(options.Value.ApiKey),
                };
            })
            .ConfigureHttpClient((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<RetellOptions>>().Value.BaseUrl)
            // Deliberately no retry: create-phone-call is not idempotent, and a blind re-send after a
            // timeout can dial the lead twice. A refused call goes back to the Dialer as CallFailed instead.
            .AddResilienceHandler("retell", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<RetellOptions>>().Value;
                pipeline
                    .AddTimeout(options.TotalTimeout)
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        // Stop hammering a Retell that keeps failing; calls fail fast as temporary meanwhile.
                        FailureRatio = 0.5,
                        MinimumThroughput = 10,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = TimeSpan.FromSeconds(15),
                    })
                    .AddTimeout(options.AttemptTimeout);
            });
    }
}
