using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;
using Microsoft.Extensions.Options;
using Refit;

namespace LeadDialer.ProviderGateway.Retell;

/// <summary>Why Retell did not create or update an inline agent: its status (null when it never answered) and its words.</summary>
public sealed record RetellSetupFailure(string Step, int? StatusCode, LeadError Error)
{
    /// <summary>The provider's message verbatim, or what the connection reported.</summary>
    public string Message => Error.ProviderMessage ?? Error.Reason;
}

/// <summary>
/// The guide's "system's inline configuration" for Retell: the agent is defined in LeadDialer and
/// created at Retell through its API — first the LLM (<c>POST /create-retell-llm</c>: prompt and first
/// message), then the agent on it (<c>POST /create-agent</c>: response engine, voice, voicemail) — and
/// updated in place on every save (<c>PATCH /update-retell-llm/{llm_id}</c>, <c>PATCH /update-agent/{agent_id}</c>).
/// </summary>
public sealed class RetellInlineAgents(IRetellApi api, IOptions<RetellOptions> options, TimeProvider clock, ILogger<RetellInlineAgents> logger)
{
    /// <summary>
    /// Creates or updates the agent at Retell and records Retell's ids on it. Ids are recorded as soon as
    /// Retell returns them, so an LLM created before a refused create-agent is reused on the next save.
    /// </summary>
    /// <returns>Null when Retell has the agent as defined; otherwise what went wrong.</returns>
    public async Task<RetellSetupFailure?> Save(Agent agent, CancellationToken cancellationToken)
    {
        var llm = new RetellLlmRequest(agent.SystemPrompt, agent.FirstMessage);
        if (agent.InlineLlmId is { } llmId)
        {
            if (await Send("update-retell-llm", () => api.UpdateRetellLlm(llmId, llm, cancellationToken)) is { Failure: { } failure })
            {
                return failure;
            }
        }
        else
        {
            var (created, failure) = await Send("create-retell-llm", () => api.CreateRetellLlm(llm, cancellationToken));
            if (failure is not null)
            {
                return failure;
            }

            agent.InlineLlmId = created!.LlmId;
        }

        var request = new RetellAgentRequest(
            new RetellResponseEngine(agent.InlineLlmId!),
            agent.VoiceId ?? options.Value.InlineVoiceId,
            agent.Name,
            RetellVoicemailOption.For(agent.VoicemailMessage));
        if (agent.InlineAgentId is { } agentId)
        {
            if (await Send("update-agent", () => api.UpdateAgent(agentId, request, cancellationToken)) is { Failure: { } failure })
            {
                return failure;
            }
        }
        else
        {
            var (created, failure) = await Send("create-agent", () => api.CreateAgent(request, cancellationToken));
            if (failure is not null)
            {
                return failure;
            }

            agent.InlineAgentId = created!.AgentId;
            logger.LogInformation("Created Retell agent {RetellAgentId} (LLM {RetellLlmId}) for inline agent {AgentId} ({Name})", agent.InlineAgentId, agent.InlineLlmId, agent.Id, agent.Name);
        }

        agent.ProviderSyncedAt = clock.GetUtcNow();
        agent.ProviderError = null;
        return null;
    }

    /// <summary>One request; an answer without the id Retell must return counts as a failure too.</summary>
    async Task<(T? Content, RetellSetupFailure? Failure)> Send<T>(string step, Func<Task<IApiResponse<T>>> send)
        where T : class
    {
        try
        {
            var response = await send();
            if (response.IsSuccessStatusCode && response.Content is { } content && HasId(content))
            {
                return (content, null);
            }

            if (response.StatusCode is not { } status)
            {
                return (null, Failed(step, null, ProviderErrorClassifier.Classify((Exception?)response.Error ?? new HttpRequestException("No answer."), ProviderNames.Retell)));
            }

            var body = (response.Error as ApiException)?.Content;
            var error = response.IsSuccessStatusCode
                ? Contracts.Errors.GuideErrors.UnknownError.ToLeadError($"{step} answered {(int)status} without an id.", ProviderNames.Retell)
                : RetellErrorClassifier.Classify((int)status, body);
            return (null, Failed(step, (int)status, error));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, Failed(step, null, ProviderErrorClassifier.Classify(ex, ProviderNames.Retell)));
        }
    }

    RetellSetupFailure Failed(string step, int? status, LeadError error)
    {
        logger.LogWarning("Retell {Step} failed: {Status} {Reason} ({ProviderMessage})", step, status, error.Reason, error.ProviderMessage);
        return new RetellSetupFailure(step, status, error);
    }

    static bool HasId(object content) => content switch
    {
        RetellLlm llm => !string.IsNullOrWhiteSpace(llm.LlmId),
        RetellAgent agent => !string.IsNullOrWhiteSpace(agent.AgentId),
        _ => true,
    };
}
