using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Retell;
using LeadDialer.ProviderSimulator.Stats;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderSimulator.Vapi;

/// <summary>Vapi's HTTP API: create, get and list calls, with Vapi's status codes and NestJS-style error body.</summary>
public static class VapiEndpoints
{
    public const string Provider = "vapi";

    public static IEndpointRouteBuilder MapVapi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/call", CreateCallAsync);
        app.MapGet("/call/{id}", GetCall);
        app.MapGet("/call", ListCalls);
        return app;
    }

    private static async Task<IResult> CreateCallAsync(
        HttpContext http,
        IOptions<SimulatorOptions> options,
        OutcomePlanner planner,
        CallStore calls,
        CallLifecycle lifecycle,
        VapiWebhookSink sink,
        SimulatorStats stats,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(VapiEndpoints));
        if (!RetellEndpoints.IsAuthorized(http.Request, options.Value.Vapi.ApiKey))
            return Reject(stats, StatusCodes.Status401Unauthorized, "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.");

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Reject(stats, StatusCodes.Status400BadRequest, $"Unexpected token in JSON ({ex.Message})");
        }

        var (request, errors) = CreateCallRequest.Parse(body);
        if (request is null)
            return Reject(stats, StatusCodes.Status400BadRequest, [.. errors]);

        var outcome = planner.Next(request.CustomerNumber);
        logger.LogInformation("POST /call to {ToNumber}: {Outcome}", request.CustomerNumber, outcome.ToName());
        switch (outcome)
        {
            case CallOutcome.Create401:
                return Reject(stats, StatusCodes.Status401Unauthorized, "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa. (simulated)");
            case CallOutcome.Create422:
                // Vapi answers an unknown phoneNumberId with 400.
                return Reject(stats, StatusCodes.Status400BadRequest, $"Couldn't Get Phone Number. Phone Number {request.PhoneNumberId} Not Found (simulated).");
            case CallOutcome.Create429:
                http.Response.Headers.RetryAfter = "1";
                return Reject(stats, StatusCodes.Status429TooManyRequests, "Rate limit exceeded (simulated)");
            case CallOutcome.Create500:
                return Reject(stats, StatusCodes.Status500InternalServerError, "Internal server error (simulated)");
            case CallOutcome.CreateTimeout:
                stats.CreateTimedOut();
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.Value.CreateTimeoutMilliseconds), time, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }
                return Reject(stats, StatusCodes.Status504GatewayTimeout, "Gateway Timeout (simulated)");
        }

        var slow = outcome == CallOutcome.CreateSlow;
        var firstMessage = request.Assistant?["firstMessage"]?.GetValue<string>() ?? request.AssistantOverrides?["firstMessage"]?.GetValue<string>();
        var echo = new JsonObject { ["customer"] = request.Customer.DeepClone() };
        if (request.AssistantOverrides is not null)
            echo["assistantOverrides"] = request.AssistantOverrides.DeepClone();
        if (request.Assistant is not null)
            echo["assistant"] = request.Assistant.DeepClone();

        var call = new SimulatedCall
        {
            CallId = Guid.NewGuid().ToString(),
            Provider = Provider,
            FromNumber = request.PhoneNumberId,
            ToNumber = request.CustomerNumber,
            AgentId = request.AssistantId ?? "inline",
            Outcome = SimulatedCall.Resolve(outcome).Outcome,
            OptOut = SimulatedCall.Resolve(outcome).OptOut,
            CreatedAt = time.GetUtcNow(),
            RequestBody = body,
            Metadata = request.AssistantOverrides?["metadata"] as JsonObject,
            DynamicVariables = request.VariableValues,
            Echo = echo,
            FirstMessage = firstMessage is null ? null : VapiCallJson.Render(firstMessage, request.VariableValues),
        };
        calls.Add(call);
        stats.CallCreated(call.CallId, call.ToNumber);
        await SlowAnswer.Delay(slow, options.Value, stats, time);
        lifecycle.Start(call, sink);

        return Results.Json(VapiCallJson.Render(call, options.Value, stats.Snapshot().ActiveCalls), statusCode: StatusCodes.Status201Created);
    }

    private static IResult GetCall(string id, HttpContext http, IOptions<SimulatorOptions> options, CallStore calls, SimulatorStats stats)
    {
        if (!RetellEndpoints.IsAuthorized(http.Request, options.Value.Vapi.ApiKey))
            return Error(StatusCodes.Status401Unauthorized, "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.");
        var call = calls.Find(id);
        return call is null || call.Provider != Provider
            ? Error(StatusCodes.Status404NotFound, "Call not found")
            : Results.Json(VapiCallJson.Render(call, options.Value, stats.Snapshot().ActiveCalls));
    }

    /// <summary><c>GET /call?phoneNumberId=&amp;assistantId=&amp;createdAtGe=&amp;limit=</c>: newest first.</summary>
    private static IResult ListCalls(HttpContext http, IOptions<SimulatorOptions> options, CallStore calls, SimulatorStats stats)
    {
        if (!RetellEndpoints.IsAuthorized(http.Request, options.Value.Vapi.ApiKey))
            return Error(StatusCodes.Status401Unauthorized, "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.");
        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 100;
        DateTimeOffset? since = null;
        if (query["createdAtGe"].ToString() is { Length: > 0 } ge)
        {
            if (!DateTimeOffset.TryParse(ge, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Error(StatusCodes.Status400BadRequest, ["createdAtGe must be a valid ISO 8601 date string"]);
            since = parsed;
        }

        var phoneNumberId = query["phoneNumberId"].ToString();
        var assistantId = query["assistantId"].ToString();
        var active = stats.Snapshot().ActiveCalls;
        var result = calls.All()
            .Where(c => c.Provider == Provider)
            .Where(c => phoneNumberId.Length == 0 || c.FromNumber == phoneNumberId)
            .Where(c => assistantId.Length == 0 || c.AgentId == assistantId)
            .Where(c => since is null || c.CreatedAt >= since)
            .OrderByDescending(c => c.CreatedAt)
            .Take(limit)
            .Select(c => VapiCallJson.Render(c, options.Value, active));
        return Results.Json(result);
    }

    private static IResult Reject(SimulatorStats stats, int statusCode, params string[] messages)
    {
        stats.CreateRejected(statusCode);
        return Error(statusCode, messages);
    }

    /// <summary>NestJS's error body: a validation failure lists its messages, anything else has one.</summary>
    internal static IResult Error(int statusCode, params string[] messages)
    {
        var body = new JsonObject
        {
            ["message"] = messages.Length == 1 && statusCode != StatusCodes.Status400BadRequest
                ? messages[0]
                : new JsonArray([.. messages.Select(m => (JsonNode)m)]),
            ["error"] = ReasonPhrase(statusCode),
            ["statusCode"] = statusCode,
        };
        return Results.Json(body, statusCode: statusCode);
    }

    private static string ReasonPhrase(int statusCode) => statusCode switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        504 => "Gateway Timeout",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode),
    };
}
