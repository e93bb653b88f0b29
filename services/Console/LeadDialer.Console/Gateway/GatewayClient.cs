using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Authorization;

namespace LeadDialer.Console.Gateway;

/// <summary>
/// The public API through the gateway, with the signed-in user's API key — the console has no
/// other way in (no database, no bus, no service address), so it can do exactly what a client can.
/// </summary>
public sealed class GatewayClient(HttpClient http, AuthenticationStateProvider authentication)
{
    public const string ApiKeyClaim = "leaddialer:api-key";
    public const string ApiKeyHeader = "X-Api-Key";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<ApiResult<T>> Get<T>(string path, CancellationToken cancellationToken = default) =>
        Send<T>(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiResult<T>> Post<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        Send<T>(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, options: Json), cancellationToken);

    public Task<ApiResult<T>> Put<T>(string path, object body, CancellationToken cancellationToken = default) =>
        Send<T>(HttpMethod.Put, path, JsonContent.Create(body, options: Json), cancellationToken);

    /// <summary>A JSON merge patch (the Leads API reads it from an application/json body).</summary>
    public Task<ApiResult<T>> Patch<T>(string path, object body, CancellationToken cancellationToken = default) =>
        Send<T>(HttpMethod.Patch, path, JsonContent.Create(body, options: Json), cancellationToken);

    public Task<ApiResult<T>> Delete<T>(string path, CancellationToken cancellationToken = default) =>
        Send<T>(HttpMethod.Delete, path, null, cancellationToken);

    public Task<ApiResult<T>> Upload<T>(string path, HttpContent content, CancellationToken cancellationToken = default) =>
        Send<T>(HttpMethod.Post, path, content, cancellationToken);

    /// <summary>A file the API serves (template, rejected rows, export), as bytes for the browser to save.</summary>
    public async Task<(byte[] Bytes, string ContentType)> Download(string path, CancellationToken cancellationToken = default)
    {
        using var request = await Request(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.ToString() ?? "text/csv");
    }

    async Task<ApiResult<T>> Send<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = await Request(method, path);
        request.Content = content;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return await Read<T>(response, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new ApiResult<T>(default, 503, "The gateway cannot be reached", ex.Message, Empty);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return new ApiResult<T>(default, 504, "The gateway did not answer in time", "Try again; if it keeps happening, check /health/ready of the services.", Empty);
        }
        catch (Polly.ExecutionRejectedException ex)
        {
            // The circuit is open after repeated failures: say so rather than wait for each request.
            return new ApiResult<T>(default, 503, "The gateway cannot be reached", ex.Message, Empty);
        }
    }

    /// <summary>Reads a value or a problem; shared with sign-in, which checks a key before it is a claim.</summary>
    public static async Task<ApiResult<T>> Read<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var value = response.Content.Headers.ContentLength == 0 || typeof(T) == typeof(NoContent)
                ? default
                : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            return new ApiResult<T>(value, status, null, null, Empty);
        }

        Problem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy error page): the status says enough.
        }

        return new ApiResult<T>(default, status, problem?.Title ?? response.ReasonPhrase, problem?.Detail, problem?.Errors ?? Empty);
    }

    async Task<HttpRequestMessage> Request(HttpMethod method, string path)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var request = new HttpRequestMessage(method, path);
        if (state.User.FindFirstValue(ApiKeyClaim) is { } key)
        {
            request.Headers.Add(ApiKeyHeader, key);
        }

        return request;
    }

    /// <summary>The signed-in user's key, for the event stream's own request.</summary>
    public async Task<string?> ApiKey() => (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ApiKeyClaim);

    static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    sealed record Problem(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);
}

/// <summary>For calls whose answer body does not matter (202, 204).</summary>
public sealed record NoContent;
