using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderSimulator.Retell;

/// <summary>
/// Retell's agent API as its OpenAPI document has it: <c>POST /create-retell-llm</c> (201),
/// <c>POST /create-agent</c> (201; response_engine and voice_id required), <c>PATCH /update-retell-llm/{llm_id}</c>
/// and <c>PATCH /update-agent/{agent_id}</c> (200), <c>GET /get-retell-llm/{llm_id}</c>, <c>GET /get-agent/{agent_id}</c>;
/// Bearer key; errors 400 (bad body), 401 (key), 422 (an id or voice not found under this key), Retell's error body.
/// <c>GET /simulator/retell/agents</c> lists what was created, for tests.
/// </summary>
public static class RetellAgentEndpoints
{
    private const string NotFound = "Cannot find requested asset under given api key.";

    public static IEndpointRouteBuilder MapRetellAgents(this IEndpointRouteBuilder app)
    {
        app.MapPost("/create-retell-llm", CreateLlmAsync);
        app.MapPatch("/update-retell-llm/{llm_id}", UpdateLlmAsync);
        app.MapGet("/get-retell-llm/{llm_id}", (string llm_id, HttpContext http, IOptions<SimulatorOptions> options, RetellAgentStore store) =>
            Authorized(http, options) ? Found(store.Llm(llm_id)) : Unauthorized());
        app.MapPost("/create-agent", CreateAgentAsync);
        app.MapPatch("/update-agent/{agent_id}", UpdateAgentAsync);
        app.MapGet("/get-agent/{agent_id}", (string agent_id, HttpContext http, IOptions<SimulatorOptions> options, RetellAgentStore store) =>
            Authorized(http, options) ? Found(store.Agent(agent_id)) : Unauthorized());
        app.MapGet("/simulator/retell/agents", (RetellAgentStore store) => Results.Ok(new { llms = store.Llms(), agents = store.Agents() }));
        return app;
    }

    private static async Task<IResult> CreateLlmAsync(HttpContext http, IOptions<SimulatorOptions> options, RetellAgentStore store, TimeProvider time)
    {
        if (!Authorized(http, options))
            return Unauthorized();
        var (body, error) = await ReadAsync(http, RetellAgentSchema.LlmRequest);
        if (body is null)
            return error!;

        var llm = Stored(body, "llm_id", "llm_" + Guid.NewGuid().ToString("N"), time);
        return Results.Json(store.AddLlm(llm), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateLlmAsync(string llm_id, HttpContext http, IOptions<SimulatorOptions> options, RetellAgentStore store, TimeProvider time)
    {
        if (!Authorized(http, options))
            return Unauthorized();
        var (body, error) = await ReadAsync(http, RetellAgentSchema.LlmRequest);
        if (body is null)
            return error!;
        return Found(store.UpdateLlm(llm_id, body, time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    private static async Task<IResult> CreateAgentAsync(HttpContext http, IOptions<SimulatorOptions> options, RetellAgentStore store, TimeProvider time)
    {
        if (!Authorized(http, options))
            return Unauthorized();
        var (body, error) = await ReadAsync(http, RetellAgentSchema.AgentRequest, "response_engine", "voice_id");
        if (body is null)
            return error!;
        if (Assets(body, options.Value.Retell, store) is { } missing)
            return missing;

        var agent = Stored(body, "agent_id", "agent_" + Guid.NewGuid().ToString("N"), time);
        return Results.Json(store.AddAgent(agent), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAgentAsync(string agent_id, HttpContext http, IOptions<SimulatorOptions> options, RetellAgentStore store, TimeProvider time)
    {
        if (!Authorized(http, options))
            return Unauthorized();
        var (body, error) = await ReadAsync(http, RetellAgentSchema.AgentRequest);
        if (body is null)
            return error!;
        if (store.Agent(agent_id) is null)
            return RetellEndpoints.Error(StatusCodes.Status422UnprocessableEntity, NotFound);
        if (Assets(body, options.Value.Retell, store) is { } missing)
            return missing;
        return Found(store.UpdateAgent(agent_id, body, time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>The LLM the agent runs on and its voice must exist under this key (422 otherwise).</summary>
    private static IResult? Assets(JsonObject body, RetellOptions options, RetellAgentStore store)
    {
        if (body["response_engine"] is JsonObject engine && (string?)engine["type"] == "retell-llm" && store.Llm((string)engine["llm_id"]!) is null)
            return RetellEndpoints.Error(StatusCodes.Status422UnprocessableEntity, $"{NotFound} (llm_id {(string?)engine["llm_id"]})");
        if (body["voice_id"] is JsonValue voice && !options.Voices.Contains((string?)voice, StringComparer.Ordinal))
            return RetellEndpoints.Error(StatusCodes.Status422UnprocessableEntity, $"{NotFound} (voice_id {(string?)voice})");
        return null;
    }

    /// <summary>The response: the id, version 0 (a draft), not published, the modification time, and the request's properties.</summary>
    private static JsonObject Stored(JsonObject body, string idName, string id, TimeProvider time)
    {
        var stored = new JsonObject
        {
            [idName] = id,
            ["version"] = 0,
            ["is_published"] = false,
            ["last_modification_timestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        foreach (var (name, value) in body)
            stored[name] = value?.DeepClone();
        return stored;
    }

    private static async Task<(JsonObject? Body, IResult? Error)> ReadAsync(HttpContext http, IReadOnlyDictionary<string, JsonKinds> schema, params string[] required)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, RetellEndpoints.Error(StatusCodes.Status400BadRequest, $"Invalid request format, please check API reference: the body is not valid JSON ({ex.Message})."));
        }

        if (node is not JsonObject body)
            return (null, RetellEndpoints.Error(StatusCodes.Status400BadRequest, "Invalid request format, please check API reference: the body must be a JSON object."));
        return RetellAgentSchema.Check(body, schema, required) is { } error
            ? (null, RetellEndpoints.Error(StatusCodes.Status400BadRequest, error))
            : (body, null);
    }

    private static bool Authorized(HttpContext http, IOptions<SimulatorOptions> options) => RetellEndpoints.IsAuthorized(http.Request, options.Value.Retell.ApiKey);

    private static IResult Unauthorized() => RetellEndpoints.Error(StatusCodes.Status401Unauthorized, "API key is missing or invalid.");

    private static IResult Found(JsonObject? item) => item is null
        ? RetellEndpoints.Error(StatusCodes.Status422UnprocessableEntity, NotFound)
        : Results.Json(item);
}
