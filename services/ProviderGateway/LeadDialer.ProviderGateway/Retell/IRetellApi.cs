using Refit;

namespace LeadDialer.ProviderGateway.Retell;

/// <summary>The part of Retell's API that ProviderGateway uses.</summary>
[Headers("Authorization: Bearer")]
public interface IRetellApi
{
    /// <summary>Not idempotent: every successful POST dials. Never send it twice for one call attempt.</summary>
    [Post("/v2/create-phone-call")]
    Task<IApiResponse<RetellPhoneCall>> CreatePhoneCall([Body] CreatePhoneCallRequest request, CancellationToken cancellationToken);

    /// <summary>Finds the calls whose metadata matches: how a create whose answer was lost is resolved.</summary>
    [Post("/v2/list-calls")]
    Task<IApiResponse<List<RetellPhoneCall>>> ListCalls([Body] ListCallsRequest request, CancellationToken cancellationToken);

    /// <summary>The call object, as the webhooks carry it: how an outcome whose webhook was lost is learned.</summary>
    [Get("/v2/get-call/{callId}")]
    Task<IApiResponse<System.Text.Json.JsonElement>> GetCall(string callId, CancellationToken cancellationToken);

    /// <summary>An inline agent's LLM (prompt, first message), created before the agent that uses it.</summary>
    [Post("/create-retell-llm")]
    Task<IApiResponse<RetellLlm>> CreateRetellLlm([Body] RetellLlmRequest request, CancellationToken cancellationToken);

    [Patch("/update-retell-llm/{llmId}")]
    Task<IApiResponse<RetellLlm>> UpdateRetellLlm(string llmId, [Body] RetellLlmRequest request, CancellationToken cancellationToken);

    [Post("/create-agent")]
    Task<IApiResponse<RetellAgent>> CreateAgent([Body] RetellAgentRequest request, CancellationToken cancellationToken);

    [Patch("/update-agent/{agentId}")]
    Task<IApiResponse<RetellAgent>> UpdateAgent(string agentId, [Body] RetellAgentRequest request, CancellationToken cancellationToken);
}
