using LeadDialer.Messaging.Outbox;
using LeadDialer.ProviderGateway.Data;
using LeadDialer.ProviderGateway.Retell;
using LeadDialer.ProviderGateway.Vapi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary><c>/api/agents</c>: the calling agents, each with its provider's settings.</summary>
public static class AgentsApi
{
    /// <summary>Fields that do not apply to the agent's provider are ignored.</summary>
    public sealed record AgentRequest(
        string? Name,
        string? Provider,
        string? ExternalAgentId,
        string? FromNumber,
        string? AssistantId,
        string? FirstMessage,
        string? SystemPrompt,
        string? VoicemailMessage,
        string? PhoneNumberId,
        string? VoiceId = null);

    public sealed record AgentResponse(
        Guid Id,
        string Name,
        string Provider,
        string? ExternalAgentId,
        string? FromNumber,
        string? AssistantId,
        string? FirstMessage,
        string? SystemPrompt,
        string? VoicemailMessage,
        string? PhoneNumberId,
        string? VoiceId,
        bool Inline,
        string? InlineLlmId,
        string? InlineAgentId,
        IReadOnlyList<string> AssistantPlaceholders,
        DateTimeOffset? ProviderSyncedAt,
        string? ProviderError,
        bool Paused,
        string? PausedReason,
        DateTimeOffset? PausedAt,
        bool IsDefault,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        IReadOnlyList<string> Warnings);

    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/agents").WithTags("Agents");
        api.MapGet("/", List).WithSummary("Every agent, oldest first; the first is the default agent.");
        api.MapGet("/{id:guid}", Get).WithSummary("One agent.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", Create)
            .WithSummary("Add an agent. An inline Retell agent is created at Retell first (a refusal answers 422/502 with Retell's message and saves nothing); a Vapi assistant id is read from Vapi for its placeholders. The answer's warnings list placeholders that are neither a standard nor a defined custom field.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapPut("/{id:guid}", Update)
            .WithSummary("Change an agent (the whole agent; its provider cannot change). An inline Retell agent is updated at Retell first (a refusal keeps the agent as it was, with Retell's message in providerError). A paused agent stays paused until resumed.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapDelete("/{id:guid}", Delete)
            .WithSummary("Delete an agent; calls asking for it fail with \"Agent or assistant not found\".")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/resume", Resume)
            .WithSummary("Resume dialing with an agent paused by an account or configuration error, once it is fixed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Ok<AgentResponse[]>> List(ProviderGatewayDbContext db, AgentTemplateCheck templates, CancellationToken cancellationToken)
    {
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var warnings = await templates.Warnings(agents, cancellationToken);
        return TypedResults.Ok(agents.Select((a, i) => ToResponse(a, isDefault: i == 0, warnings[a.Id])).ToArray());
    }

    static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> Get(Guid id, ProviderGatewayDbContext db, AgentTemplateCheck templates, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return agent is null
            ? NotFound(id)
            : TypedResults.Ok(ToResponse(agent, await IsDefault(db, agent, cancellationToken), await templates.Warnings(agent, cancellationToken)));
    }

    static async Task<Results<Created<AgentResponse>, ValidationProblem, ProblemHttpResult>> Create(
        AgentRequest request, ProviderGatewayDbContext db, AgentTemplateCheck templates, RetellInlineAgents retell, VapiAssistants vapi, TimeProvider clock, ILogger<AgentRequest> logger, CancellationToken cancellationToken)
    {
        var errors = AgentValidation.Validate(request, existingProvider: null);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The agent is not valid.");
        }

        var now = clock.GetUtcNow();
        var agent = new Agent
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name!.Trim(),
            Provider = AgentValidation.NormalizeProvider(request.Provider)!,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(agent, request);
        if (await SetUpAtProvider(agent, retell, vapi, cancellationToken) is { } failure)
        {
            // Nothing is saved: the user fixes the agent and saves again.
            if (agent.InlineLlmId is { } orphan)
            {
                logger.LogWarning("Retell LLM {RetellLlmId} was created but its agent was not; it stays unused in Retell", orphan);
            }

            return SetupProblem(failure, "create");
        }

        db.Agents.Add(agent);
        db.AddOutboxMessage(agent.ToAgentSaved(now), now);
        await db.SaveChangesAsync(cancellationToken);

        var warnings = await templates.Warnings(agent, cancellationToken);
        return TypedResults.Created($"/api/agents/{agent.Id}", ToResponse(agent, await IsDefault(db, agent, cancellationToken), warnings));
    }

    static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, AgentRequest request, ProviderGatewayDbContext db, AgentTemplateCheck templates, RetellInlineAgents retell, VapiAssistants vapi, TimeProvider clock, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agent is null)
        {
            return NotFound(id);
        }

        var errors = AgentValidation.Validate(request, existingProvider: agent.Provider);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The agent is not valid.");
        }

        var now = clock.GetUtcNow();
        agent.Name = request.Name!.Trim();
        agent.UpdatedAt = now;
        Apply(agent, request);
        if (await SetUpAtProvider(agent, retell, vapi, cancellationToken) is { } failure)
        {
            // The agent stays as it was (Retell still has the previous version); the refusal is shown on it.
            // An LLM created before a refused create-agent is kept, so the next save reuses it.
            var llmId = agent.InlineLlmId;
            await db.Entry(agent).ReloadAsync(cancellationToken);
            agent.InlineLlmId ??= llmId;
            agent.ProviderError = $"Retell refused the last change ({failure.Step}): {failure.Message}";
            agent.ProviderSyncedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            return SetupProblem(failure, "update");
        }

        db.AddOutboxMessage(agent.ToAgentSaved(now), now);
        await db.SaveChangesAsync(cancellationToken);

        var warnings = await templates.Warnings(agent, cancellationToken);
        return TypedResults.Ok(ToResponse(agent, await IsDefault(db, agent, cancellationToken), warnings));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ProviderGatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agent is null)
        {
            return NotFound(id);
        }

        var now = clock.GetUtcNow();
        db.Agents.Remove(agent);
        db.AddOutboxMessage(new Contracts.AgentDeleted(agent.Id, now), now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> Resume(Guid id, ProviderGatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agent is null)
        {
            return NotFound(id);
        }

        var now = clock.GetUtcNow();
        if (agent.Resume(now) is { } resumed)
        {
            db.AddOutboxMessage(resumed, now);
            // The Dialer's copy carries the pause too; AgentSaved keeps an upsert-only consumer right.
            db.AddOutboxMessage(agent.ToAgentSaved(now), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ToResponse(agent, await IsDefault(db, agent, cancellationToken), []));
    }

    static void Apply(Agent agent, AgentRequest request)
    {
        static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        static string? Template(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        // Only the agent's own provider's fields are kept, so a stale field cannot leak into a request.
        var retell = agent.Provider == ProviderNames.Retell;
        agent.ExternalAgentId = retell ? Clean(request.ExternalAgentId) : null;
        agent.FromNumber = retell ? Clean(request.FromNumber) : null;
        agent.AssistantId = retell ? null : Clean(request.AssistantId);
        // An external Retell agent keeps its templates in Retell. Templates are kept as written (spacing matters to the spoken text).
        var templates = !retell || agent.ExternalAgentId is null;
        agent.FirstMessage = templates ? Template(request.FirstMessage) : null;
        agent.SystemPrompt = templates ? Template(request.SystemPrompt) : null;
        agent.VoicemailMessage = templates ? Template(request.VoicemailMessage) : null;
        agent.VoiceId = agent.IsRetellInline ? Clean(request.VoiceId) : null;
        agent.PhoneNumberId = retell ? null : Clean(request.PhoneNumberId);
        if (!agent.IsRetellInline && !agent.IsVapiExternal)
        {
            // Nothing at the provider is LeadDialer's to keep in step (the Retell objects of a former inline agent stay in Retell).
            agent.InlineLlmId = null;
            agent.InlineAgentId = null;
            agent.ProviderError = null;
            agent.ProviderSyncedAt = null;
        }

        if (!agent.IsVapiExternal)
        {
            agent.AssistantPlaceholders = [];
        }
    }

    /// <summary>
    /// An inline Retell agent is created or updated at Retell; a Vapi assistant id is read for its
    /// placeholders (a failure to read is a warning, not a refusal: Vapi may be down for a moment).
    /// </summary>
    static async Task<RetellSetupFailure?> SetUpAtProvider(Agent agent, RetellInlineAgents retell, VapiAssistants vapi, CancellationToken cancellationToken)
    {
        if (agent.IsRetellInline)
        {
            return await retell.Save(agent, cancellationToken);
        }

        await vapi.Read(agent, cancellationToken);
        return null;
    }

    /// <summary>
    /// RFC 7807 with Retell's own words: 422 when Retell refused what the agent says (fix the agent),
    /// 502 when the failure is Retell's or the connection's (key, payment, outage: try again later).
    /// </summary>
    static ProblemHttpResult SetupProblem(RetellSetupFailure failure, string action) => TypedResults.Problem(
        statusCode: failure.StatusCode is 400 or 422 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status502BadGateway,
        title: $"Retell did not {action} the inline agent",
        detail: $"Retell answered {failure.Step} with {failure.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}: {failure.Message}",
        extensions: new Dictionary<string, object?>
        {
            ["provider"] = ProviderNames.Retell,
            ["step"] = failure.Step,
            ["providerStatus"] = failure.StatusCode,
            ["providerMessage"] = failure.Error.ProviderMessage,
            ["reason"] = failure.Error.Reason,
            ["fix"] = failure.Error.Fix,
        });

    static async Task<bool> IsDefault(ProviderGatewayDbContext db, Agent agent, CancellationToken cancellationToken) =>
        await AgentDirectory.DefaultAgentId(db, cancellationToken) == agent.Id;

    static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Agent not found",
        detail: $"There is no agent {id}. GET /api/agents lists the agents.");

    static AgentResponse ToResponse(Agent a, bool isDefault, IReadOnlyList<string> warnings) => new(
        a.Id, a.Name, a.Provider, a.ExternalAgentId, a.FromNumber, a.AssistantId, a.FirstMessage, a.SystemPrompt,
        a.VoicemailMessage, a.PhoneNumberId, a.VoiceId, a.IsRetellInline || (a.Provider == ProviderNames.Vapi && !a.IsVapiExternal),
        a.InlineLlmId, a.InlineAgentId, a.AssistantPlaceholders, a.ProviderSyncedAt, a.ProviderError, a.Paused, a.PausedReason, a.PausedAt, isDefault, a.CreatedAt, a.UpdatedAt, warnings);
}
