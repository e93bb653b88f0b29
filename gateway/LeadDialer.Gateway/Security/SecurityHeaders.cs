namespace LeadDialer.Gateway.Security;

/// <summary>Response headers that keep browsers from sniffing, framing or leaking referrers.</summary>
public static class SecurityHeaders
{
    // The API returns JSON only: nothing may load or run. The docs page (Scalar) needs its own script and styles.
    const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    const string DocsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // The web console (every path the gateway does not own, ADR 0005) sends its own policy
                // for Blazor's script and websocket; anything else gets the strict API policy.
                if (!IsConsole(context.Request.Path) || string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs") ? DocsPolicy : ApiPolicy;
                }

                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                }

                // Services behind the gateway need not announce themselves.
                headers.Remove("Server");
                headers.Remove("X-Powered-By");
                return Task.CompletedTask;
            });
            return next(context);
        });

    static readonly string[] GatewayPaths = ["/api", "/admin", "/webhooks", "/openapi", "/health", "/docs"];

    static bool IsConsole(PathString path) => !GatewayPaths.Any(p => path.StartsWithSegments(p));
}
