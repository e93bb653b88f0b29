using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Stats;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderSimulator.Retell;

/// <summary>Retell's HTTP API: the two endpoints LeadDialer uses, with Retell's status codes and error body.</summary>
public static class RetellEndpoints
{
    public const string Provider = "retell";

    public static IEndpointRouteBuilder MapRetell(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/create-phone-call", CreatePhoneCallAsync);
        app.MapGet("/v2/get-call/{call_id}", GetCall);
        app.MapPost("/v2/list-calls", ListCallsAsync);
        return app;
    }

    private static async Task<IResult> CreatePhoneCallAsync(
        HttpContext http,
        IOptions<SimulatorOptions> options,
        OutcomePlanner planner,
        CallStore calls,
        CallLifecycle lifecycle,
        RetellWebhookSink sink,
        SimulatorStats stats,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(RetellEndpoints));

        if (!IsAuthorized(http.Request, options.Value.Retell.ApiKey))
            return Reject(stats, StatusCodes.Status401Unauthorized, "API key is missing or invalid.");

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Reject(stats, StatusCodes.Status400BadRequest, $"Invalid request format, please check API reference: the body is not valid JSON ({ex.Message}).");
        }

        var (request, error) = CreatePhoneCallRequest.Parse(body);
        if (request is null)
            return Reject(stats, StatusCodes.Status400BadRequest, error!);

        // Only a well-formed, authorized request consumes a script step or the number's "once".
        var outcome = planner.Next(request.ToNumber);
        logger.LogInformation("create-phone-call to {ToNumber}: {Outcome}", request.ToNumber, outcome.ToName());

        switch (outcome)
        {
            case CallOutcome.Create401:
                return Reject(stats, StatusCodes.Status401Unauthorized, "API key is missing or invalid. (simulated)");
            case CallOutcome.Create422:
                return Reject(stats, StatusCodes.Status422UnprocessableEntity, $"Item {request.FromNumber} not found from phone-number (simulated).");
            case CallOutcome.Create429:
                http.Response.Headers.RetryAfter = "1";
                return Reject(stats, StatusCodes.Status429TooManyRequests, "Account rate limited, please throttle your requests. (simulated)");
            case CallOutcome.Create500:
                return Reject(stats, StatusCodes.Status500InternalServerError, "An unexpected server error occurred. (simulated)");
            case CallOutcome.CreateTimeout:
                return await HoldAsync(http, options.Value, stats, time);
        }

        var slow = outcome == CallOutcome.CreateSlow;
        var call = new SimulatedCall
        {
            CallId = "call_" + Guid.NewGuid().ToString("N"),
            Provider = Provider,
            FromNumber = request.FromNumber,
            ToNumber = request.ToNumber,
            AgentId = request.OverrideAgentId ?? options.Value.Retell.DefaultAgentId,
            AgentVersion = request.OverrideAgentVersion ?? 1,
            // A slow create still places a call that is answered; only its answer is late.
            Outcome = SimulatedCall.Resolve(outcome).Outcome,
            OptOut = SimulatedCall.Resolve(outcome).OptOut,
            CreatedAt = time.GetUtcNow(),
            RequestBody = body,
            Metadata = request.Metadata,
            DynamicVariables = request.DynamicVariables,
        };
        calls.Add(call);
        // Counted as active before the lifecycle starts, so its end can never be counted first.
        stats.CallCreated(call.CallId, call.ToNumber);
        await SlowAnswer.Delay(slow, options.Value, stats, time);
        lifecycle.Start(call, sink);

        return Results.Json(RetellCallJson.Render(call, withAnalysis: false), statusCode: StatusCodes.Status201Created);
    }

    private static IResult GetCall(string call_id, HttpContext http, IOptions<SimulatorOptions> options, CallStore calls)
    {
        if (!IsAuthorized(http.Request, options.Value.Retell.ApiKey))
            return Error(StatusCodes.Status401Unauthorized, "API key is missing or invalid.");

        var call = calls.Find(call_id);
        return call is null || call.Provider != Provider
            ? Error(StatusCodes.Status404NotFound, $"Call {call_id} not found.")
            : Results.Json(RetellCallJson.Render(call, withAnalysis: true));
    }

    /// <summary>
    /// <c>POST /v2/list-calls</c> with <c>filter_criteria</c>: the metadata filters (dot notation, matched
    /// as strings, either nested under <c>metadata</c> or at the top level as in Retell's example), and call_id.
    /// </summary>
    private static async Task<IResult> ListCallsAsync(HttpContext http, IOptions<SimulatorOptions> options, CallStore calls)
    {
        if (!IsAuthorized(http.Request, options.Value.Retell.ApiKey))
            return Error(StatusCodes.Status401Unauthorized, "API key is missing or invalid.");

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Error(StatusCodes.Status400BadRequest, $"Invalid request format, please check API reference: {ex.Message}");
        }

        var filters = new List<(string Path, HashSet<string> Values)>();
        var limit = 50;
        if (body.ValueKind == JsonValueKind.Object)
        {
            if (body.TryGetProperty("limit", out var l) && l.ValueKind == JsonValueKind.Number)
                limit = l.GetInt32();
            if (body.TryGetProperty("filter_criteria", out var criteria) && criteria.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in criteria.EnumerateObject())
                {
                    if (property.Name == "metadata" && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var nested in property.Value.EnumerateObject())
                            filters.Add((nested.Name, Strings(nested.Value)));
                    }
                    else if (property.Name.StartsWith("metadata.", StringComparison.Ordinal) || property.Name == "call_id")
                    {
                        filters.Add((property.Name, Strings(property.Value)));
                    }
                }
            }
        }

        var matches = calls.All()
            .Where(c => c.Provider == Provider && filters.All(f => f.Values.Contains(Value(c, f.Path) ?? "\u0000")))
            .OrderByDescending(c => c.CreatedAt)
            .Take(Math.Clamp(limit, 1, 1000))
            .Select(c => RetellCallJson.Render(c, withAnalysis: true));
        return Results.Json(matches);

        static HashSet<string> Strings(JsonElement values) => values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToHashSet(StringComparer.Ordinal)
            : [];

        static string? Value(SimulatedCall call, string path)
        {
            if (path == "call_id")
                return call.CallId;
            var key = path["metadata.".Length..];
            return call.Metadata?[key] is { } node
                ? node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString()
                : null;
        }
    }

    /// <summary>create-timeout: the request hangs and no call is created, like a provider that never answers.</summary>
    private static async Task<IResult> HoldAsync(HttpContext http, SimulatorOptions options, SimulatorStats stats, TimeProvider time)
    {
        stats.CreateTimedOut();
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.CreateTimeoutMilliseconds), time, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first; there is nobody left to answer.
            return Results.Empty;
        }
        return Reject(stats, StatusCodes.Status504GatewayTimeout, "The request timed out. (simulated)");
    }

    internal static bool IsAuthorized(HttpRequest request, string apiKey)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(apiKey));
    }

    private static IResult Reject(SimulatorStats stats, int statusCode, string message)
    {
        stats.CreateRejected(statusCode);
        return Error(statusCode, message);
    }

    internal static IResult Error(int statusCode, string message) =>
        Results.Json(new RetellError("error", message), statusCode: statusCode);
}

/// <summary>Retell's error body: <c>{"status":"error","message":"..."}</c>.</summary>
public sealed record RetellError(string Status, string Message);
