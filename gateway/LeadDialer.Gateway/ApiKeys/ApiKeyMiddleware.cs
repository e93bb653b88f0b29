using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadDialer.Gateway.ApiKeys;

/// <summary>
/// Requires a known <c>X-Api-Key</c> on <c>/api/**</c>. Webhooks carry provider signatures instead
/// and are checked by the Webhooks service. Only SHA-256 hashes of the keys are kept, and they are
/// compared in constant time.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiKeyOptions> options, IConfiguration configuration, IProblemDetailsService problems)
{
    public const string HeaderName = "X-Api-Key";

    readonly byte[][] _keyHashes = options.Value.Keys
        .Append(configuration["LEADDIALER_API_KEY"])
        .Where(k => !string.IsNullOrWhiteSpace(k))
        .Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k!)))
        .ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || IsKnown(context.Request.Headers[HeaderName]))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key is invalid or missing",
                Detail = $"Send a valid API key in the {HeaderName} header. 'deploy/dev.sh up' prints the development key.",
            },
        });
    }

    bool IsKnown(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var known = false;
        foreach (var keyHash in _keyHashes)
        {
            // No early exit: the time taken does not tell which key came closest.
            known |= CryptographicOperations.FixedTimeEquals(hash, keyHash);
        }

        return known;
    }
}
