using LeadDialer.Console.Account;
using LeadDialer.Console.Gateway;
using LeadDialer.Console.Live;
using LeadDialer.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.Cookies;
using MudBlazor.Services;

namespace LeadDialer.Console;

public static class Extensions
{
    public static IHostApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        // Package assets (MudBlazor's css/js, blazor.web.js) are served from the build output in
        // every environment, not only Development: the e2e tests run bin/Release as "Testing".
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // The API key is a claim in an encrypted (Data Protection) cookie: the browser never holds it in clear.
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "leaddialer.console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.LoginPath = "/signin";
                options.LogoutPath = "/signout";
                // A page the key's scopes forbid (a read-only key opening /add-leads).
                options.AccessDeniedPath = "/not-allowed";
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
            });
        builder.Services.AddAuthorization(options => options.AddScopePolicies());
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAntiforgery();

        var gateway = new Uri(builder.Configuration["Services:Gateway:BaseUrl"] ?? "http://127.0.0.1:8080");
        // 30 s an attempt: an upload of a large CSV goes through this client too.
        builder.Services.AddServiceClient<GatewayClient>(TimeSpan.FromSeconds(30), (_, http) => http.BaseAddress = gateway);
        // The event stream stays open: no overall timeout, the heartbeat shows it is alive.
        builder.Services.AddHttpClient(LeadEventStream.ClientName, c =>
        {
            c.BaseAddress = gateway;
            c.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.Services.AddScoped<LeadEventStream>();
        return builder;
    }

    public static WebApplication MapConsole<TApp>(this WebApplication app)
        where TApp : Microsoft.AspNetCore.Components.IComponent
    {
        app.UseConsoleSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccount();
        app.MapRazorComponents<TApp>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization();
        return app;
    }

    /// <summary>
    /// The console's own policy (the gateway leaves console responses' CSP to it): Blazor Server
    /// needs only its own scripts and the websocket back to this origin; MudBlazor sets inline styles.
    /// </summary>
    static IApplicationBuilder UseConsoleSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
