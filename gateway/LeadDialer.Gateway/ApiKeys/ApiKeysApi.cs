using LeadDialer.Gateway.Data;
using LeadDialer.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Gateway.ApiKeys;

/// <summary><c>/admin/api-keys</c>: issue, list and revoke API keys (admin key only).</summary>
public static class ApiKeysApi
{
    /// <param name="Scopes">Any of read, write, compliance, admin (ADR 0009); only read when left out.</param>
    public sealed record CreateApiKeyRequest(string? Name, int? PermitsPerSecond, string[]? Scopes = null);

    /// <summary>The key itself appears only here, once.</summary>
    public sealed record CreatedApiKey(Guid Id, string Name, string Key, string Prefix, IReadOnlyList<string> Scopes, int PermitsPerSecond, DateTimeOffset CreatedAt);

    public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, int PermitsPerSecond, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public const int MaxPermitsPerSecond = 100_000;

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin/api-keys").WithTags("API keys (admin)");
        api.MapPost("/", Create)
            .WithSummary("Issue an API key. The key is in this answer only; store it, it cannot be shown again.")
            .WithRequestExample(new { name = "crm-sync", permitsPerSecond = 50, scopes = new[] { ApiKeyScopes.Read, ApiKeyScopes.Write } })
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/", List).WithSummary("Every issued key (prefix, scopes, limits, revocation), never the keys themselves.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapDelete("/{id:guid}", Revoke).WithSummary("Revoke a key: requests with it get 403 from then on (on every gateway instance within seconds).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> Create(
        CreateApiKeyRequest request, GatewayDbContext db, ApiKeyStore store, Microsoft.Extensions.Options.IOptions<ApiKeyOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > ApiKey.MaxNameLength)
        {
            errors["name"] = [$"Name the key (1-{ApiKey.MaxNameLength} characters) after the client that will use it, e.g. \"crm-sync\"."];
        }

        if (request.PermitsPerSecond is { } permits && permits is < 1 or > MaxPermitsPerSecond)
        {
            errors["permitsPerSecond"] = [$"Permits per second must be between 1 and {MaxPermitsPerSecond}; leave it out for the default ({options.Value.DefaultPermitsPerSecond})."];
        }

        var scopes = request.Scopes ?? ApiKeyScopes.IssuedByDefault;
        if (scopes.Length == 0 || scopes.Except(ApiKeyScopes.All).Any())
        {
            errors["scopes"] = [$"Scopes are one or more of {string.Join(", ", ApiKeyScopes.All)}; leave them out for {string.Join(", ", ApiKeyScopes.IssuedByDefault)} only."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The API key request is not valid.");
        }

        var (row, key) = ApiKey.Issue(request.Name!.Trim(), [.. ApiKeyScopes.All.Intersect(scopes)], request.PermitsPerSecond, clock.GetUtcNow());
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await store.Refresh(cancellationToken);
        return TypedResults.Created(
            $"/admin/api-keys/{row.Id}",
            new CreatedApiKey(row.Id, row.Name, key, row.Prefix, row.Scopes, row.PermitsPerSecond ?? options.Value.DefaultPermitsPerSecond, row.CreatedAt));
    }

    static async Task<Ok<ApiKeyResponse[]>> List(GatewayDbContext db, Microsoft.Extensions.Options.IOptions<ApiKeyOptions> options, CancellationToken cancellationToken)
    {
        var rows = await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows
            .Select(r => new ApiKeyResponse(r.Id, r.Name, r.Prefix, r.Scopes, r.PermitsPerSecond ?? options.Value.DefaultPermitsPerSecond, r.CreatedAt, r.RevokedAt))
            .ToArray());
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, GatewayDbContext db, ApiKeyStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (row is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "API key not found", detail: $"No key has id {id}. GET /admin/api-keys lists them.");
        }

        row.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await store.Refresh(cancellationToken);
        return TypedResults.NoContent();
    }
}
