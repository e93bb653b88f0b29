using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace LeadDialer.ServiceDefaults.OpenApi;

/// <summary>
/// Every service publishes its OpenAPI document at <c>/openapi/v1.json</c>, built from its
/// endpoints' <c>WithSummary</c>, <c>Produces</c>/<c>ProducesProblem</c> and examples. The gateway
/// serves them all, with Scalar, at <c>/docs</c>.
/// </summary>
public static class OpenApiDefaults
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ApiKeyScheme = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    public static IHostApplicationBuilder AddOpenApiDocument(this IHostApplicationBuilder builder)
    {
        var service = builder.Environment.ApplicationName;
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = service,
                    Version = DocumentName,
                    Description = "Reached through the LeadDialer gateway. /api/** needs an API key in the X-Api-Key header; " +
                        "/webhooks/** is signed by the provider instead. Errors are RFC 7807 problem details.",
                };
                // Relative to the document's origin, which is the gateway that serves it.
                document.Servers = [new OpenApiServer { Url = "/" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyHeader,
                    Description = "An API key issued by an administrator (POST /admin/api-keys) or the bootstrap key LEADDIALER_API_KEY.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                // /api/** needs the key (and can be refused or limited by the gateway); webhooks do not.
                if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] }];
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or an unknown one (problem details)." });
                    operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The API key was revoked (problem details)." });
                    operation.Responses.TryAdd("429", new OpenApiResponse { Description = "The API key's rate limit is used up; retry after the Retry-After header's seconds." });
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>A JSON example of the request body, shown by the reference at <c>/docs</c>.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder endpoint, object example) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = ToJson(example);
                }
            }

            return Task.CompletedTask;
        });

    /// <summary>A JSON example of the response with the status code.</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder endpoint, int statusCode, object example) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = ToJson(example);
                }
            }

            return Task.CompletedTask;
        });

    static JsonNode? ToJson(object example) => JsonSerializer.SerializeToNode(example, LeadDialerJson.Options);

    internal static void MapOpenApiDocument(this WebApplication app) =>
        app.MapOpenApi("/openapi/{documentName}.json");
}
