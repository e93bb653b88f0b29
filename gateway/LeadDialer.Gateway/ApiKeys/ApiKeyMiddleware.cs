using System.Diagnostics;
using LeadDialer.Gateway.Security;

namespace LeadDialer.Gateway.ApiKeys;

/// <summary>
/// Requires a known, unrevoked <c>X-Api-Key</c> on <c>/api/**</c> (401 without one or with an
/// unknown one, 403 for a revoked one) holding the scope the request needs (403 naming it,
/// <see cref="ApiKeyScopes.Required"/>), and the admin key or a key with the <c>admin</c> scope on
/// <c>/admin/**</c>. Webhooks carry provider signatures instead and are checked by the Webhooks
/// service. Refusals for the key and every <c>/admin</c> request are limited per client address
/// (<see cref="AddressRateLimiter"/>). The key is taken off the request before it is forwarded: no service, log or trace
/// downstream ever sees it; they get its id in <see cref="KeyIdHeader"/>.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore store, AddressRateLimiter addresses, IProblemDetailsService problems)
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The calling key's id, for the services (who removed a do-not-call entry). Only the gateway sets it.</summary>
    public const string KeyIdHeader = LeadDialer.ServiceDefaults.GatewayHeaders.KeyId;

    /// <summary>HttpContext item holding the request's <see cref="KnownKey"/> (for the rate limiter and <c>/api/me</c>).</summary>
    public const string KeyItem = "LeadDialer.ApiKey";

    public async Task InvokeAsync(HttpContext context)
    {
        // Taken off every request, webhooks included: nothing behind the gateway needs it. A key id
        // a client sends itself would let it act in another key's name.
        var presented = context.Request.Headers[HeaderName].ToString();
        context.Request.Headers.Remove(HeaderName);
        context.Request.Headers.Remove(KeyIdHeader);

        var path = context.Request.Path;
        var isAdmin = path.StartsWithSegments("/admin");
        if (!isAdmin && !path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        // Every /admin request counts against its address, so the admin key cannot be guessed at speed.
        if (isAdmin && !addresses.TryAdmin(context, out var adminWait))
        {
            await RateLimiting.TooManyRequests(context, adminWait, "Too many /admin requests from this address. Retry after {0} s.");
            return;
        }

        if (presented.Length == 0)
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, "API key is missing", $"Send an API key in the {HeaderName} header. 'deploy/dev.sh up' prints the development key.");
            return;
        }

        if (isAdmin && store.IsAdmin(presented))
        {
            await next(context);
            return;
        }

        switch (store.Find(presented))
        {
            case null when isAdmin:
                await Refuse(context, StatusCodes.Status401Unauthorized, "Admin key required", $"Managing API keys needs the admin key ({ApiKeyOptions.AdminVariable}, else {ApiKeyOptions.BootstrapVariable}) or a key with the '{ApiKeyScopes.Admin}' scope in the {HeaderName} header.");
                return;
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
                if (ApiKeyScopes.Required(context.Request.Method, path) is { } scope && !key.Has(scope))
                {
                    await Refuse(context, StatusCodes.Status403Forbidden, "Missing scope",
                        $"{context.Request.Method} {path} needs the '{scope}' scope; this key has {string.Join(", ", key.Scopes)}. Ask an administrator for a key with '{scope}'.",
                        scope);
                    return;
                }

                context.Items[KeyItem] = key;
                context.Request.Headers[KeyIdHeader] = key.Id;
                await next(context);
                return;
        }
    }

    /// <summary>Refusals for the key (401, revoked 403) count against the address on /api (on /admin every request does).</summary>
    async Task Refuse(HttpContext context, int status, string title, string detail, string? missingScope = null)
    {
        if (missingScope is null && context.Request.Path.StartsWithSegments("/api") && !addresses.TryUnauthenticated(context, out var wait))
        {
            await RateLimiting.TooManyRequests(context, wait, "Too many requests without a valid API key from this address. Retry after {0} s.");
            return;
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (missingScope is not null)
        {
            problem.ProblemDetails.Extensions["requiredScope"] = missingScope;
        }

        await problems.WriteAsync(problem);
    }
}
