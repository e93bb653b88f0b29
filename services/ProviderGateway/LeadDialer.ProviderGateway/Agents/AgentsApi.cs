using LeadDialer.ProviderGateway.Data;
using LeadDialer.Messaging.Outbox;
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
        string? PhoneNumberId);

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
            .WithSummary("Add an agent. The answer's warnings list Vapi placeholders that are neither a standard nor a defined custom field.")
            .ProducesValidationProblem();
        api.MapPut("/{id:guid}", Update)
            .WithSummary("Change an agent (the whole agent; its provider cannot change). A paused agent stays paused until resumed.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id:guid}", Delete)
            .WithSummary("Delete an agent; calls asking for it fail with \"Agent or assistant not found\".")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/resume", Resume)
            .WithSummary("Resume dialing with an agent paused by an account or configuration error, once it is fixed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Ok<AgentResponse[]>> List(ProviderGatewayDbContext db, CancellationToken cancellationToken)
    {
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(agents.Select((a, i) => ToResponse(a, isDefault: i == 0, [])).ToArray());
    }

    static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> Get(Guid id, ProviderGatewayDbContext db, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return agent is null
            ? NotFound(id)
            : TypedResults.Ok(ToResponse(agent, await IsDefault(db, agent, cancellationToken), []));
    }

    static async Task<Results<Created<AgentResponse>, ValidationProblem>> Create(
        AgentRequest request, ProviderGatewayDbContext db, AgentTemplateCheck templates, TimeProvider clock, CancellationToken cancellationToken)
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
        db.Agents.Add(agent);
        db.AddOutboxMessage(agent.ToAgentSaved(now), now);
        await db.SaveChangesAsync(cancellationToken);

        var warnings = await templates.Warnings(agent, cancellationToken);
        return TypedResults.Created($"/api/agents/{agent.Id}", ToResponse(agent, await IsDefault(db, agent, cancellationToken), warnings));
    }

    static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, AgentRequest request, ProviderGatewayDbContext db, AgentTemplateCheck templates, TimeProvider clock, CancellationToken cancellationToken)
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

        // Only the agent's own provider's fields are kept, so a stale field cannot leak into a request.
        var retell = agent.Provider == ProviderNames.Retell;
        agent.ExternalAgentId = retell ? Clean(request.ExternalAgentId) : null;
        agent.FromNumber = retell ? Clean(request.FromNumber) : null;
        agent.AssistantId = retell ? null : Clean(request.AssistantId);
        // Templates are kept as written (spacing matters to the spoken text).
        agent.FirstMessage = retell || string.IsNullOrWhiteSpace(request.FirstMessage) ? null : request.FirstMessage;
        agent.SystemPrompt = retell || string.IsNullOrWhiteSpace(request.SystemPrompt) ? null : request.SystemPrompt;
        agent.VoicemailMessage = retell || string.IsNullOrWhiteSpace(request.VoicemailMessage) ? null : request.VoicemailMessage;
        agent.PhoneNumberId = retell ? null : Clean(request.PhoneNumberId);
    }

    static async Task<bool> IsDefault(ProviderGatewayDbContext db, Agent agent, CancellationToken cancellationToken) =>
        await AgentDirectory.DefaultAgentId(db, cancellationToken) == agent.Id;

    static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Agent not found",
        detail: $"There is no agent {id}. GET /api/agents lists the agents.");

    static AgentResponse ToResponse(Agent a, bool isDefault, IReadOnlyList<string> warnings) => new(
        a.Id, a.Name, a.Provider, a.ExternalAgentId, a.FromNumber, a.AssistantId, a.FirstMessage, a.SystemPrompt,
        a.VoicemailMessage, a.PhoneNumberId, a.Paused, a.PausedReason, a.PausedAt, isDefault, a.CreatedAt, a.UpdatedAt, warnings);
}
