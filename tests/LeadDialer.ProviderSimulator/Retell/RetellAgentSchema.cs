using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadDialer.ProviderSimulator.Retell;

[Flags]
public enum JsonKinds
{
    String = 1,
    Number = 2,
    Boolean = 4,
    Array = 8,
    Object = 16,
    Null = 32,
    Any = String | Number | Boolean | Array | Object | Null,
}

/// <summary>
/// The request bodies of Retell's agent endpoints as its OpenAPI document (docs/providers/retell-openapi.yaml)
/// defines them: RetellLlmRequest and AgentRequest, their properties and each one's JSON kinds, the
/// enums LeadDialer may send, and ResponseEngine / voicemail_option's shapes. A property the schema does
/// not define is refused, so a request Retell would not understand fails here first.
/// </summary>
public static class RetellAgentSchema
{
    /// <summary>RetellLlmRequest's properties and the JSON kinds each may have.</summary>
    public static readonly IReadOnlyDictionary<string, JsonKinds> LlmRequest = new Dictionary<string, JsonKinds>(StringComparer.Ordinal)
    {
        ["model"] = JsonKinds.String | JsonKinds.Null,
        ["s2s_model"] = JsonKinds.String | JsonKinds.Null,
        ["model_temperature"] = JsonKinds.Number,
        ["model_high_priority"] = JsonKinds.Boolean | JsonKinds.Null,
        ["tool_call_strict_mode"] = JsonKinds.Boolean | JsonKinds.Null,
        ["knowledge_base_ids"] = JsonKinds.Array | JsonKinds.Null,
        ["kb_config"] = JsonKinds.Object | JsonKinds.Null,
        ["start_speaker"] = JsonKinds.String,
        ["begin_after_user_silence_ms"] = JsonKinds.Number | JsonKinds.Null,
        ["begin_message"] = JsonKinds.String | JsonKinds.Null,
        ["general_prompt"] = JsonKinds.String | JsonKinds.Null,
        ["general_tools"] = JsonKinds.Array | JsonKinds.Null,
        ["states"] = JsonKinds.Array | JsonKinds.Null,
        ["starting_state"] = JsonKinds.String | JsonKinds.Null,
        ["default_dynamic_variables"] = JsonKinds.Object | JsonKinds.Null,
        ["version"] = JsonKinds.Number | JsonKinds.Null,
        ["mcps"] = JsonKinds.Array | JsonKinds.Null,
    };

    /// <summary>AgentRequest's properties and the JSON kinds each may have.</summary>
    public static readonly IReadOnlyDictionary<string, JsonKinds> AgentRequest = new Dictionary<string, JsonKinds>(StringComparer.Ordinal)
    {
        ["response_engine"] = JsonKinds.Any,
        ["agent_name"] = JsonKinds.String | JsonKinds.Null,
        ["version_description"] = JsonKinds.String | JsonKinds.Null,
        ["voice_id"] = JsonKinds.String,
        ["voice_model"] = JsonKinds.String | JsonKinds.Null,
        ["fallback_voice_ids"] = JsonKinds.Array | JsonKinds.Null,
        ["voice_temperature"] = JsonKinds.Number,
        ["voice_speed"] = JsonKinds.Number,
        ["enable_dynamic_voice_speed"] = JsonKinds.Boolean,
        ["enable_dynamic_responsiveness"] = JsonKinds.Boolean,
        ["volume"] = JsonKinds.Number,
        ["voice_emotion"] = JsonKinds.String | JsonKinds.Null,
        ["responsiveness"] = JsonKinds.Number,
        ["interruption_sensitivity"] = JsonKinds.Number,
        ["enable_backchannel"] = JsonKinds.Boolean,
        ["backchannel_frequency"] = JsonKinds.Number,
        ["backchannel_words"] = JsonKinds.Array | JsonKinds.Null,
        ["reminder_trigger_ms"] = JsonKinds.Number,
        ["reminder_max_count"] = JsonKinds.Number,
        ["ambient_sound"] = JsonKinds.String | JsonKinds.Null,
        ["ambient_sound_volume"] = JsonKinds.Number,
        ["language"] = JsonKinds.String,
        ["webhook_url"] = JsonKinds.String | JsonKinds.Null,
        ["webhook_events"] = JsonKinds.Array | JsonKinds.Null,
        ["webhook_timeout_ms"] = JsonKinds.Number,
        ["boosted_keywords"] = JsonKinds.Array | JsonKinds.Null,
        ["data_storage_setting"] = JsonKinds.String,
        ["data_storage_retention_days"] = JsonKinds.Number | JsonKinds.Null,
        ["opt_in_signed_url"] = JsonKinds.Boolean,
        ["signed_url_expiration_ms"] = JsonKinds.Number | JsonKinds.Null,
        ["pronunciation_dictionary"] = JsonKinds.Array | JsonKinds.Null,
        ["normalize_for_speech"] = JsonKinds.Boolean,
        ["end_call_after_silence_ms"] = JsonKinds.Number,
        ["max_call_duration_ms"] = JsonKinds.Number,
        ["voicemail_message"] = JsonKinds.String,
        ["voicemail_detection_timeout_ms"] = JsonKinds.Number,
        ["voicemail_option"] = JsonKinds.Object | JsonKinds.Null,
        ["ivr_option"] = JsonKinds.Object | JsonKinds.Null,
        ["post_call_analysis_data"] = JsonKinds.Array | JsonKinds.Null,
        ["post_call_analysis_model"] = JsonKinds.String | JsonKinds.Null,
        ["analysis_successful_prompt"] = JsonKinds.String | JsonKinds.Null,
        ["analysis_summary_prompt"] = JsonKinds.String | JsonKinds.Null,
        ["analysis_user_sentiment_prompt"] = JsonKinds.String | JsonKinds.Null,
        ["begin_message_delay_ms"] = JsonKinds.Number,
        ["ring_duration_ms"] = JsonKinds.Number,
        ["stt_mode"] = JsonKinds.String,
        ["custom_stt_config"] = JsonKinds.Object | JsonKinds.Null,
        ["vocab_specialization"] = JsonKinds.String,
        ["allow_user_dtmf"] = JsonKinds.Boolean,
        ["user_dtmf_options"] = JsonKinds.Object | JsonKinds.Null,
        ["denoising_mode"] = JsonKinds.String,
        ["pii_config"] = JsonKinds.Object,
        ["guardrail_config"] = JsonKinds.Object,
        ["handbook_config"] = JsonKinds.Object,
        ["timezone"] = JsonKinds.String | JsonKinds.Null,
        ["is_public"] = JsonKinds.Boolean | JsonKinds.Null,
    };

    static readonly string[] StartSpeakers = ["user", "agent"];
    static readonly string[] VoicemailActions = ["prompt", "static_text", "hangup", "bridge_transfer"];

    /// <summary>Null when the body fits the schema; otherwise Retell's 400 message.</summary>
    public static string? Check(JsonObject body, IReadOnlyDictionary<string, JsonKinds> schema, params string[] required)
    {
        foreach (var name in required)
        {
            if (!body.ContainsKey(name))
                return $"Invalid request format, please check API reference: {name} is required.";
        }

        foreach (var (name, value) in body)
        {
            if (!schema.TryGetValue(name, out var kinds))
                return $"Invalid request format, please check API reference: property {name} is not defined.";
            if (!kinds.HasFlag(KindOf(value)))
                return $"Invalid request format, please check API reference: {name} must be {Describe(kinds)}.";
        }

        if (body["start_speaker"] is JsonValue speaker && !StartSpeakers.Contains((string?)speaker))
            return "Invalid request format, please check API reference: start_speaker must be one of user, agent.";
        if (body["response_engine"] is { } engine && ResponseEngine(engine) is { } engineError)
            return engineError;
        if (body["voicemail_option"] is JsonObject option && VoicemailOption(option) is { } optionError)
            return optionError;
        return null;
    }

    /// <summary>ResponseEngine: oneOf retell-llm (llm_id), custom-llm (llm_websocket_url), conversation-flow (conversation_flow_id).</summary>
    private static string? ResponseEngine(JsonNode engine)
    {
        if (engine is not JsonObject e || e["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
            return "Invalid request format, please check API reference: response_engine must be an object with a type.";
        var (key, allowed) = (string)type! switch
        {
            "retell-llm" => ("llm_id", (string[])["type", "llm_id", "version"]),
            "custom-llm" => ("llm_websocket_url", ["type", "llm_websocket_url"]),
            "conversation-flow" => ("conversation_flow_id", ["type", "conversation_flow_id", "version"]),
            _ => (null, []),
        };
        if (key is null)
            return "Invalid request format, please check API reference: response_engine.type must be one of retell-llm, custom-llm, conversation-flow.";
        if (e[key] is not JsonValue id || id.GetValueKind() != JsonValueKind.String)
            return $"Invalid request format, please check API reference: response_engine.{key} is required.";
        return e.Select(p => p.Key).FirstOrDefault(p => !allowed.Contains(p)) is { } extra
            ? $"Invalid request format, please check API reference: property response_engine.{extra} is not defined."
            : null;
    }

    /// <summary>voicemail_option: {action: VoicemailAction}; static_text needs its text.</summary>
    private static string? VoicemailOption(JsonObject option)
    {
        if (option["action"] is not JsonObject action || action["type"] is not JsonValue type || !VoicemailActions.Contains((string?)type))
            return "Invalid request format, please check API reference: voicemail_option.action.type must be one of prompt, static_text, hangup, bridge_transfer.";
        if ((string?)type == "static_text" && action["text"] is not JsonValue text)
            return "Invalid request format, please check API reference: voicemail_option.action.text is required for static_text.";
        return null;
    }

    private static JsonKinds KindOf(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => JsonKinds.Null,
        JsonValueKind.String => JsonKinds.String,
        JsonValueKind.Number => JsonKinds.Number,
        JsonValueKind.True or JsonValueKind.False => JsonKinds.Boolean,
        JsonValueKind.Array => JsonKinds.Array,
        _ => JsonKinds.Object,
    };

    private static string Describe(JsonKinds kinds) =>
        string.Join(" or ", Enum.GetValues<JsonKinds>().Where(k => k != JsonKinds.Any && kinds.HasFlag(k)).Select(k => k.ToString().ToLowerInvariant()));
}
