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

/// <summary>
/// Body of <c>POST /create-retell-llm</c> and <c>PATCH /update-retell-llm/{llm_id}</c> (RetellLlmRequest):
/// the inline agent's prompt and first message. The agent speaks first, as an outbound caller does.
/// </summary>
public sealed record RetellLlmRequest(
    [property: JsonPropertyName("general_prompt")] string? GeneralPrompt,
    [property: JsonPropertyName("begin_message")] string? BeginMessage,
    [property: JsonPropertyName("start_speaker")] string StartSpeaker = "agent");

/// <summary>RetellLLMResponse (only what ProviderGateway reads).</summary>
public sealed record RetellLlm(
    [property: JsonPropertyName("llm_id")] string? LlmId,
    [property: JsonPropertyName("version")] int? Version = null);

/// <summary>Body of <c>POST /create-agent</c> and <c>PATCH /update-agent/{agent_id}</c> (AgentRequest).</summary>
public sealed record RetellAgentRequest(
    [property: JsonPropertyName("response_engine")] RetellResponseEngine ResponseEngine,
    [property: JsonPropertyName("voice_id")] string VoiceId,
    [property: JsonPropertyName("agent_name")] string? AgentName,
    [property: JsonPropertyName("voicemail_option")] RetellVoicemailOption VoicemailOption);

/// <summary>ResponseEngineRetellLm: the LLM created for the agent.</summary>
public sealed record RetellResponseEngine(
    [property: JsonPropertyName("llm_id")] string LlmId,
    [property: JsonPropertyName("type")] string Type = "retell-llm");

/// <summary>
/// voicemail_option: on a mailbox, leave the voicemail message (VoicemailActionStaticText) or, without
/// one, hang up (VoicemailActionHangup). Detection stays on either way, so a mailbox ends the call as
/// <c>voicemail_reached</c> and the lead is retried, as the guide says.
/// </summary>
public sealed record RetellVoicemailOption([property: JsonPropertyName("action")] RetellVoicemailAction Action)
{
    public static RetellVoicemailOption For(string? voicemailMessage) => new(string.IsNullOrWhiteSpace(voicemailMessage)
        ? new RetellVoicemailAction("hangup", null)
        : new RetellVoicemailAction("static_text", voicemailMessage));
}

public sealed record RetellVoicemailAction(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string? Text);

/// <summary>AgentResponse (only what ProviderGateway reads).</summary>
public sealed record RetellAgent(
    [property: JsonPropertyName("agent_id")] string? AgentId,
    [property: JsonPropertyName("version")] int? Version = null);
