using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadDialer.ProviderGateway.Vapi;

/// <summary>
/// Body of <c>POST /call</c> (Vapi's CreateCallDTO). Vapi refuses unknown properties with 400, so
/// only properties of its schema are written, and absent ones are omitted rather than null.
/// </summary>
public sealed record VapiCreateCallRequest(
    [property: JsonPropertyName("assistantId")] string? AssistantId,
    [property: JsonPropertyName("assistant")] VapiAssistant? Assistant,
    [property: JsonPropertyName("assistantOverrides")] VapiAssistantOverrides AssistantOverrides,
    [property: JsonPropertyName("phoneNumberId")] string PhoneNumberId,
    [property: JsonPropertyName("customer")] VapiCustomer Customer);

/// <summary>An inline (transient) assistant: CreateAssistantDTO.</summary>
public sealed record VapiAssistant(
    [property: JsonPropertyName("firstMessage")] string? FirstMessage,
    [property: JsonPropertyName("model")] VapiModel? Model,
    [property: JsonPropertyName("voicemailMessage")] string? VoicemailMessage);

public sealed record VapiModel(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("messages")] IReadOnlyList<VapiMessage> Messages);

public sealed record VapiMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);

public sealed record VapiAssistantOverrides(
    [property: JsonPropertyName("variableValues")] IReadOnlyDictionary<string, string>? VariableValues,
    [property: JsonPropertyName("metadata")] VapiCallMetadata Metadata,
    [property: JsonPropertyName("firstMessage")] string? FirstMessage = null,
    [property: JsonPropertyName("voicemailMessage")] string? VoicemailMessage = null);

/// <summary>Echoed back in every server message of the call (<c>call.assistantOverrides.metadata</c>): how the Webhooks service finds the lead.</summary>
public sealed record VapiCallMetadata(
    [property: JsonPropertyName("leadId")] string LeadId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("callAttemptId")] string CallAttemptId);

/// <summary>The lead's number and id only: lead data goes to Vapi only when a template references it.</summary>
public sealed record VapiCustomer(
    [property: JsonPropertyName("number")] string Number,
    [property: JsonPropertyName("externalId")] string ExternalId);

/// <summary>The call object Vapi answers with (what ProviderGateway reads).</summary>
public sealed record VapiCall(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("assistantOverrides")] JsonElement? AssistantOverrides = null);
