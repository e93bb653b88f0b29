namespace LeadDialer.Gateway.ApiKeys;

/// <summary><c>GET /api/me</c>: which key is calling and what it may do (the console hides the rest).</summary>
public static class MeApi
{
    public const string Path = "/api/me";

    /// <param name="KeyId">The key's id: the row id of an issued key, <c>bootstrap</c> or <c>config-N</c>.</param>
    /// <param name="Scopes">Subset of read, write, compliance, admin.</param>
    public sealed record Me(string KeyId, string Name, IReadOnlyList<string> Scopes, int PermitsPerSecond);

    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context) =>
            {
                // The middleware lets no request through to /api without a valid key.
                var key = (KnownKey)context.Items[ApiKeyMiddleware.KeyItem]!;
                return TypedResults.Ok(new Me(key.Id, key.Name, key.Scopes, key.PermitsPerSecond));
            })
            .WithTags("API keys")
            .WithSummary("The calling key: its id, name, scopes and rate limit.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }
}
