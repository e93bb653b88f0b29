using LeadDialer.Gateway.ApiKeys;
using LeadDialer.Gateway.Data;
using LeadDialer.Gateway.Docs;
using LeadDialer.Gateway.Health;
using LeadDialer.Gateway.Security;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging.Persistence;

namespace LeadDialer.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        // Secrets before anything else, so a refused one is the only thing an operator reads.
        builder.AddSecretCheck(ApiKeyOptions.BootstrapVariable, "no bootstrap key: only keys issued at /admin/api-keys are accepted.", ApiKeyOptions.ShippedDefaults, isKey: true);
        // Outside Development the admin key is its own secret, never one that also opens /api.
        builder.AddSecretCheck(ApiKeyOptions.AdminVariable, "the bootstrap key is the admin key (Development only).",
            [.. ApiKeyOptions.ShippedDefaults, .. OtherwiseAccepted(builder.Configuration)], isKey: true);
        // The database next: its migrations run before the keys are loaded.
        builder.AddPostgres<GatewayDbContext>("gateway");
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration("ApiKeys");
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<ApiKeyRefresher>();
        builder.Services.AddApiKeyRateLimiting();
        builder.Services.AddRequestTimeouts();
        builder.AddServiceHealthChecks();

        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Routes raise it where they need to (MaxRequestBodySize in appsettings.json, e.g. CSV imports).
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Gateway:MaxRequestBodySize") ?? 1024 * 1024;
        });

        // Routes and destinations live in appsettings.json ("ReverseProxy"); override a destination with
        // e.g. ReverseProxy__Clusters__leads__Destinations__primary__Address=http://leads:8080.
        // YARP sets X-Forwarded-For/-Proto/-Host (replacing what the client sent) and the W3C traceparent.
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    static IEnumerable<string> OtherwiseAccepted(IConfiguration configuration) =>
        new[] { configuration[ApiKeyOptions.BootstrapVariable] }
            .Concat(configuration.GetSection("ApiKeys:Keys").GetChildren().Select(k => k.Value))
            .OfType<string>()
            .Where(k => k.Length > 0);

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        app.UseBodySizeLimits();
        app.UseRequestTimeouts();
        app.MapApiKeysApi();
        app.MapMeApi();
        app.MapDocs();
        // An /api path no service owns: a problem for the API client, not the console's sign-in page
        // (the console's catch-all route would take it otherwise). The services' own routes are more
        // specific templates, so they still win.
        app.Map("/api/{**path}", (string path) => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such API",
                detail: $"Nothing answers /api/{path}. The API reference is at /docs."))
            .ExcludeFromDescription();
        app.MapReverseProxy(proxy => proxy.Use(BodySizeLimits.MapOversizedBodyError));
        return app;
    }
}
