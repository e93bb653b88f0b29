using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Calls;

namespace LeadDialer.ProviderSimulator.Retell;

/// <summary>The validated body of POST /v2/create-phone-call (fields per Retell's OpenAPI).</summary>
public sealed record CreatePhoneCallRequest(
    string FromNumber,
    string ToNumber,
    string? OverrideAgentId,
    int? OverrideAgentVersion,
    JsonObject? Metadata,
    IReadOnlyDictionary<string, string>? DynamicVariables)
{
    /// <summary>Validates like Retell does: 400 with a message naming the field, else the parsed request.</summary>
    public static (CreatePhoneCallRequest? Request, string? Error) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return Fail("Invalid request format, please check API reference: the body must be a JSON object.");

        var ignoreE164 = false;
        if (TryGet(body, "ignore_e164_validation", out var ignore))
        {
            if (ignore.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Fail("ignore_e164_validation must be a boolean.");
            ignoreE164 = ignore.GetBoolean();
        }

        // ignore_e164_validation only relaxes from_number (custom telephony); to_number is always E.164.
        var (from, fromError) = RequiredNumber(body, "from_number", checkE164: !ignoreE164);
        if (fromError is not null)
            return Fail(fromError);
        var (to, toError) = RequiredNumber(body, "to_number", checkE164: true);
        if (toError is not null)
            return Fail(toError);

        string? agentId = null;
        if (TryGet(body, "override_agent_id", out var agent))
        {
            if (agent.ValueKind != JsonValueKind.String || agent.GetString()!.Length == 0)
                return Fail("override_agent_id must be a non-empty string.");
            agentId = agent.GetString();
        }

        int? agentVersion = null;
        if (TryGet(body, "override_agent_version", out var version))
        {
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v))
                return Fail("override_agent_version must be an integer.");
            agentVersion = v;
        }

        JsonObject? metadata = null;
        if (TryGet(body, "metadata", out var meta))
        {
            if (meta.ValueKind != JsonValueKind.Object)
                return Fail("metadata must be an object.");
            metadata = JsonNode.Parse(meta.GetRawText())!.AsObject();
        }

        Dictionary<string, string>? variables = null;
        if (TryGet(body, "retell_llm_dynamic_variables", out var vars))
        {
            if (vars.ValueKind != JsonValueKind.Object)
                return Fail("retell_llm_dynamic_variables must be an object of string values.");
            variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in vars.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    return Fail($"retell_llm_dynamic_variables.{property.Name} must be a string, got {Describe(property.Value.ValueKind)}.");
                variables[property.Name] = property.Value.GetString()!;
            }
        }

        return (new CreatePhoneCallRequest(from!, to!, agentId, agentVersion, metadata, variables), null);
    }

    private static (string? Value, string? Error) RequiredNumber(JsonElement body, string name, bool checkE164)
    {
        if (!TryGet(body, name, out var value))
            return (null, $"{name} is required.");
        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
            return (null, $"{name} must be a non-empty string.");
        var number = value.GetString()!;
        if (checkE164 && !E164.IsValid(number))
            return (null, $"{name} must be in E.164 format (e.g. +14155550123), got \"{number}\".");
        return (number, null);
    }

    /// <summary>Absent and explicit null are treated alike for optional fields.</summary>
    private static bool TryGet(JsonElement body, string name, out JsonElement value) =>
        body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static (CreatePhoneCallRequest? Request, string? Error) Fail(string message) => (null, message);
}
