using System.Diagnostics;

namespace LeadDialer.Gateway.ApiKeys;

/// <summary>
/// Requires a known, unrevoked <c>X-Api-Key</c> on <c>/api/**</c> (401 without one or with an
/// unknown one, 403 for a revoked one) and the admin key on <c>/admin/**</c>. Webhooks carry
/// provider signatures instead and are checked by the Webhooks service. The key is taken off the
/// request before it is forwarded: no service, log or trace downstream ever sees it.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore store, IProblemDetailsService problems)
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>HttpContext item holding the request's <see cref="KnownKey"/> (for the rate limiter).</summary>
    public const string KeyItem = "LeadDialer.ApiKey";

    public async Task InvokeAsync(HttpContext context)
    {
        // Taken off every request, webhooks included: nothing behind the gateway needs it.
        var presented = context.Request.Headers[HeaderName].ToString();
        context.Request.Headers.Remove(HeaderName);

        var path = context.Request.Path;
        var isApi = path.StartsWithSegments("/api");
        var isAdmin = path.StartsWithSegments("/admin");
        if (!isApi && !isAdmin)
        {
            await next(context);
            return;
        }

        if (presented.Length == 0)
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, "API key is missing", $"Send an API key in the {HeaderName} header. 'deploy/dev.sh up' prints the development key.");
            return;
        }

        if (isAdmin)
        {
            if (!store.IsAdmin(presented))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, "Admin key required", $"Managing API keys needs the admin key ({ApiKeyOptions.AdminVariable}, else {ApiKeyOptions.BootstrapVariable}) in the {HeaderName} header.");
                return;
            }

            await next(context);
            return;
        }

        switch (store.Find(presented))
        {
            case null:
                await Refuse(context, StatusCodes.Status401Unauthorized, "API key is not valid", $"The key in the {HeaderName} header is not one this gateway issued. Check for a typo or ask an administrator for a key.");
                return;
            case { Revoked: true } revoked:
                Activity.Current?.SetTag("leaddialer.api_key_id", revoked.Id);
                await Refuse(context, StatusCodes.Status403Forbidden, "API key was revoked", "This key no longer gives access. Ask an administrator for a new one.");
                return;
            case var key:
                // The key's id, never the key, so a trace shows which client called.
                Activity.Current?.SetTag("leaddialer.api_key_id", key.Id);
                context.Items[KeyItem] = key;
                await next(context);
                return;
        }
    }

    async Task Refuse(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
