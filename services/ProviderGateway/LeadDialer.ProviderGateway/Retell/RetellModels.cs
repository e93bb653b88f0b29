using System.Text.Json.Serialization;

namespace LeadDialer.ProviderGateway.Retell;

/// <summary>Body of <c>POST /v2/create-phone-call</c>.</summary>
public sealed record CreatePhoneCallRequest(
    [property: JsonPropertyName("from_number")] string FromNumber,
    [property: JsonPropertyName("to_number")] string ToNumber,
    [property: JsonPropertyName("override_agent_id")] string? OverrideAgentId,
    [property: JsonPropertyName("retell_llm_dynamic_variables")] IReadOnlyDictionary<string, string> RetellLlmDynamicVariables,
    [property: JsonPropertyName("metadata")] RetellCallMetadata Metadata);

/// <summary>
/// Echoed back by Retell in every webhook of the call: how the Webhooks service finds the lead, and
/// (traceparent) the trace the call belongs to, so the webhook's work joins it.
/// </summary>
public sealed record RetellCallMetadata(
    [property: JsonPropertyName("lead_id")] string LeadId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("call_attempt_id")] string CallAttemptId,
    [property: JsonPropertyName("traceparent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null);

/// <summary>The call object Retell answers with (only what ProviderGateway reads).</summary>
public sealed record RetellPhoneCall(
    [property: JsonPropertyName("call_id")] string? CallId,
    [property: JsonPropertyName("call_status")] string? CallStatus,
    [property: JsonPropertyName("metadata")] System.Text.Json.JsonElement? Metadata = null);

/// <summary>Body of <c>POST /v2/list-calls</c>: metadata filters use dot notation, matched exactly as strings.</summary>
public sealed record ListCallsRequest(
    [property: JsonPropertyName("filter_criteria")] ListCallsFilter FilterCriteria,
    [property: JsonPropertyName("limit")] int Limit);

public sealed record ListCallsFilter(
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string[]> Metadata);
