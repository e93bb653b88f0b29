using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Retell;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderSimulator.Vapi;

/// <summary>The assistants of the simulated Vapi org, seeded by tests (Vapi's dashboard in real life).</summary>
public sealed class AssistantStore
{
    private readonly ConcurrentDictionary<Guid, JsonObject> _assistants = new();
    private readonly ConcurrentDictionary<Guid, int> _reads = new();

    public void Set(Guid id, JsonObject assistant) => _assistants[id] = assistant;

    public bool Remove(Guid id) => _assistants.TryRemove(id, out _);

    /// <summary>The assistant, counting the read (tests check that it was read again).</summary>
    public JsonObject? Read(Guid id)
    {
        if (!_assistants.TryGetValue(id, out var assistant))
            return null;
        _reads.AddOrUpdate(id, 1, (_, n) => n + 1);
        return assistant.DeepClone().AsObject();
    }

    public IReadOnlyList<object> Snapshot() =>
        [.. _assistants.Select(a => new { id = a.Key, reads = _reads.GetValueOrDefault(a.Key), assistant = a.Value.DeepClone() })];
}

/// <summary>
/// Vapi's <c>GET /assistant/{id}</c> as its OpenAPI document has it (Bearer key; id a UUID; 200 with the
/// Assistant schema; NestJS-style errors), and the simulator's seeding of assistants:
/// <c>PUT /simulator/vapi/assistants/{id}</c> with a CreateAssistantDTO body (properties outside the Assistant
/// schema are refused), <c>DELETE</c> the same, <c>GET /simulator/vapi/assistants</c> with each one's read count.
/// </summary>
public static class AssistantEndpoints
{
    /// <summary>Assistant's properties in Vapi's OpenAPI document, less the ones Vapi sets (id, orgId, createdAt, updatedAt, latestVersion).</summary>
    private static readonly HashSet<string> AssistantProperties =
    [
        "analysisPlan", "artifactPlan", "backgroundSound", "backgroundSpeechDenoisingPlan", "clientMessages", "compliancePlan",
        "credentialIds", "credentials", "endCallMessage", "endCallPhrases", "firstMessage", "firstMessageInterruptionsEnabled",
        "firstMessageMode", "hooks", "keypadInputPlan", "maxDurationSeconds", "metadata", "model", "modelOutputInMessagesEnabled",
        "monitorPlan", "name", "observabilityPlan", "server", "serverMessages", "startSpeakingPlan", "stopSpeakingPlan",
        "transcriber", "transportConfigurations", "voice", "voicemailDetection", "voicemailMessage",
    ];

    public static IEndpointRouteBuilder MapVapiAssistants(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assistant/{id}", (string id, HttpContext http, IOptions<SimulatorOptions> options, AssistantStore assistants) =>
        {
            if (!RetellEndpoints.IsAuthorized(http.Request, options.Value.Vapi.ApiKey))
                return VapiEndpoints.Error(StatusCodes.Status401Unauthorized, "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.");
            if (!Guid.TryParse(id, out var uuid))
                return VapiEndpoints.Error(StatusCodes.Status400BadRequest, "id must be a UUID");
            return assistants.Read(uuid) is { } assistant
                ? Results.Json(assistant)
                : VapiEndpoints.Error(StatusCodes.Status404NotFound, "Couldn't Get Assistant. `assistant` Not Found.");
        });

        var seed = app.MapGroup("/simulator/vapi/assistants");
        seed.MapPut("/{id}", SeedAsync);
        seed.MapDelete("/{id}", (Guid id, AssistantStore assistants) => assistants.Remove(id) ? Results.NoContent() : Results.NotFound());
        seed.MapGet("/", (AssistantStore assistants) => Results.Ok(assistants.Snapshot()));
        return app;
    }

    private static async Task<IResult> SeedAsync(string id, HttpRequest request, AssistantStore assistants, IOptions<SimulatorOptions> options, TimeProvider time)
    {
        if (!Guid.TryParse(id, out var uuid))
            return Problem($"'{id}' is not a UUID; Vapi's assistant ids are UUIDs.");
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            node = null;
        }

        if (node is not JsonObject body)
            return Problem("The body must be a JSON object: the assistant as CreateAssistantDTO has it, e.g. {\"firstMessage\":\"Hi {{first_name}}\",\"model\":{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"...\"}]}}.");
        if (body.Select(p => p.Key).FirstOrDefault(p => !AssistantProperties.Contains(p)) is { } unknown)
            return Problem($"property {unknown} should not exist (not in Vapi's Assistant schema).");

        var now = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var assistant = new JsonObject
        {
            ["id"] = uuid.ToString(),
            ["orgId"] = options.Value.Vapi.OrgId,
            ["createdAt"] = now,
            ["updatedAt"] = now,
        };
        foreach (var (name, value) in body)
            assistant[name] = value?.DeepClone();
        assistants.Set(uuid, assistant);
        return Results.Ok(assistant);
    }

    private static IResult Problem(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid assistant");
}
