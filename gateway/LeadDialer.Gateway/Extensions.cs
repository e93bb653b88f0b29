using LeadDialer.Gateway.ApiKeys;

namespace LeadDialer.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration("ApiKeys");
        // Routes and destinations live in appsettings.json ("ReverseProxy"); override a destination with
        // e.g. ReverseProxy__Clusters__leads__Destinations__primary__Address=http://leads:8080.
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapReverseProxy();
        return app;
    }
}
