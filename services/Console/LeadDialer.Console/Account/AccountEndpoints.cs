using System.Security.Claims;
using LeadDialer.Console.Gateway;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace LeadDialer.Console.Account;

/// <summary>
/// Sign in with an API key (checked against the gateway's <c>GET /api/me</c>, which also names the
/// key's scopes, kept as claims: <see cref="ConsoleScopes"/>) and sign out. Plain form posts: a cookie can only be set on an HTTP response, not over the Blazor circuit.
/// </summary>
public static class AccountEndpoints
{
    public const string ClientName = "gateway-sign-in";

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", (Delegate)SignIn).AllowAnonymous();
        app.MapPost("/account/signout", (Delegate)SignOut).RequireAuthorization();
        return app;
    }

    static async Task<IResult> SignIn(
        [FromForm(Name = "apiKey")] string? apiKey,
        [FromForm(Name = "returnUrl")] string? returnUrl,
        HttpContext context,
        IHttpClientFactory clients,
        IConfiguration configuration,
        ILogger<GatewayClient> logger)
    {
        var key = apiKey?.Trim() ?? "";
        if (key.Length == 0)
        {
            return Back("missing", returnUrl);
        }

        using var http = clients.CreateClient(ClientName);
        http.BaseAddress = new Uri(configuration["Services:Gateway:BaseUrl"] ?? "http://127.0.0.1:8080");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add(GatewayClient.ApiKeyHeader, key);
        HttpResponseMessage response;
        ApiResult<Me> me;
        try
        {
            response = await http.SendAsync(request, context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Sign-in could not reach the gateway");
            return Back("unreachable", returnUrl);
        }

        using (response)
        {
            switch ((int)response.StatusCode)
            {
                case 401:
                    return Back("rejected", returnUrl);
                case 403:
                    return Back("revoked", returnUrl);
                case < 200 or >= 300:
                    return Back("unreachable", returnUrl);
            }

            me = await GatewayClient.Read<Me>(response, context.RequestAborted);
        }

        // Every screen reads; a key without read (admin only) has nothing to show here.
        if (me.Value is not { } caller || !caller.Scopes.Contains(ConsoleScopes.Read))
        {
            return Back("noread", returnUrl);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"{caller.Name} (…{key[^Math.Min(4, key.Length)..]})"),
                new Claim(GatewayClient.ApiKeyClaim, key),
                .. caller.Scopes.Select(scope => new Claim(ConsoleScopes.Claim, scope)),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    static async Task<IResult> SignOut(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/signin?signedOut=1");
    }

    static IResult Back(string error, string? returnUrl) =>
        Results.LocalRedirect($"/signin?error={error}&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");

    // Only paths of this site: never an open redirect.
    static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
