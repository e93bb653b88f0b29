using Refit;

namespace LeadDialer.ProviderGateway.Vapi;

/// <summary>The part of Vapi's API that ProviderGateway uses.</summary>
[Headers("Authorization: Bearer")]
public interface IVapiApi
{
    /// <summary>Not idempotent: every successful POST dials. Never send it twice for one call attempt.</summary>
    [Post("/call")]
    Task<IApiResponse<VapiCall>> CreateCall([Body] VapiCreateCallRequest request, CancellationToken cancellationToken);

    /// <summary>Recent calls from a caller number: how a create whose answer was lost is resolved.</summary>
    [Get("/call")]
    Task<IApiResponse<List<VapiCall>>> ListCalls(string phoneNumberId, string createdAtGe, int limit, CancellationToken cancellationToken);

    /// <summary>The call object: how an outcome whose server message was lost (Vapi does not retry) is learned.</summary>
    [Get("/call/{id}")]
    Task<IApiResponse<System.Text.Json.JsonElement>> GetCall(string id, CancellationToken cancellationToken);

    /// <summary>An external assistant as configured in Vapi: where its own placeholders are read from.</summary>
    [Get("/assistant/{id}")]
    Task<IApiResponse<System.Text.Json.JsonElement>> GetAssistant(string id, CancellationToken cancellationToken);
}
