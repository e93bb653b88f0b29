using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.ProviderSimulator.Calls;

namespace LeadDialer.ProviderSimulator.Vapi;

/// <summary>
/// The validated body of Vapi's <c>POST /call</c> (CreateCallDTO). Like Vapi (NestJS with
/// whitelisting), a property the schema does not have is refused: "property x should not exist".
/// </summary>
public sealed record CreateCallRequest(
    string PhoneNumberId,
    string? AssistantId,
    JsonObject? Assistant,
    JsonObject? AssistantOverrides,
    JsonObject Customer,
    string CustomerNumber,
    IReadOnlyDictionary<string, string>? VariableValues)
{
    // The properties of CreateCallDTO, CreateCustomerDTO and AssistantOverrides in Vapi's OpenAPI document.
    private static readonly HashSet<string> CallProperties =
    [
        "assistantVersion", "transport", "customers", "name", "schedulePlan", "assistantId", "assistant", "assistantOverrides",
        "squadId", "squad", "squadOverrides", "workflowId", "workflow", "workflowOverrides", "phoneNumberId", "phoneNumber",
        "customerId", "customer",
    ];

    private static readonly HashSet<string> CustomerProperties =
        ["numberE164CheckEnabled", "extension", "assistantOverrides", "squadOverrides", "number", "sipUri", "name", "email", "externalId"];

    private static readonly HashSet<string> OverrideProperties =
    [
        "transcriber", "model", "voice", "firstMessage", "firstMessageInterruptionsEnabled", "firstMessageMode", "voicemailDetection",
        "clientMessages", "serverMessages", "maxDurationSeconds", "backgroundSound", "modelOutputInMessagesEnabled",
        "transportConfigurations", "observabilityPlan", "credentials", "hooks", "tools:append", "variableValues", "name",
        "voicemailMessage", "endCallMessage", "endCallPhrases", "compliancePlan", "metadata", "backgroundSpeechDenoisingPlan",
        "analysisPlan", "artifactPlan", "startSpeakingPlan", "stopSpeakingPlan", "monitorPlan", "credentialIds", "server", "keypadInputPlan",
    ];

    private static readonly HashSet<string> AssistantProperties =
    [
        "transcriber", "model", "voice", "firstMessage", "firstMessageInterruptionsEnabled", "firstMessageMode", "voicemailDetection",
        "clientMessages", "serverMessages", "maxDurationSeconds", "backgroundSound", "modelOutputInMessagesEnabled",
        "transportConfigurations", "observabilityPlan", "credentials", "hooks", "name", "voicemailMessage", "endCallMessage",
        "endCallPhrases", "compliancePlan", "metadata", "backgroundSpeechDenoisingPlan", "analysisPlan", "artifactPlan",
        "startSpeakingPlan", "stopSpeakingPlan", "monitorPlan", "credentialIds", "server", "keypadInputPlan",
    ];

    /// <summary>Validates like Vapi does: the list of messages for a 400, else the parsed request.</summary>
    public static (CreateCallRequest? Request, IReadOnlyList<string> Errors) Parse(JsonElement body)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
            return (null, ["body must be an object"]);

        var root = JsonNode.Parse(body.GetRawText())!.AsObject();
        Whitelist(root, CallProperties, "", errors);

        var customer = root["customer"] as JsonObject;
        var number = customer?["number"]?.GetValueKind() == JsonValueKind.String ? customer["number"]!.GetValue<string>() : null;
        if (customer is null)
        {
            errors.Add("customer must be an object (or set customerId)");
        }
        else
        {
            Whitelist(customer, CustomerProperties, "customer.", errors);
            if (number is null || !E164.IsValid(number))
                errors.Add("customer.number must be a valid phone number in the E.164 format. Hot tip, you may be missing the country code (Eg. US: +1).");
            MaxLength(customer, "name", 40, "customer.", errors);
            MaxLength(customer, "externalId", 40, "customer.", errors);
        }

        var phoneNumberId = root["phoneNumberId"]?.GetValueKind() == JsonValueKind.String ? root["phoneNumberId"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(phoneNumberId))
            errors.Add("phoneNumberId must be a string (or set phoneNumber)");

        var assistantId = root["assistantId"]?.GetValueKind() == JsonValueKind.String ? root["assistantId"]!.GetValue<string>() : null;
        var assistant = root["assistant"] as JsonObject;
        if (assistantId is null && assistant is null)
            errors.Add("assistant or assistantId must be set");
        if (assistantId is not null && assistant is not null)
            errors.Add("only one of assistant or assistantId may be set");
        if (assistant is not null)
        {
            Whitelist(assistant, AssistantProperties, "assistant.", errors);
            MaxLength(assistant, "voicemailMessage", 1000, "assistant.", errors);
            if (assistant["model"] is JsonObject model && (model["provider"] is null || model["model"] is null))
                errors.Add("assistant.model.provider and assistant.model.model must be set");
        }

        var overrides = root["assistantOverrides"] as JsonObject;
        Dictionary<string, string>? variables = null;
        if (overrides is not null)
        {
            Whitelist(overrides, OverrideProperties, "assistantOverrides.", errors);
            MaxLength(overrides, "voicemailMessage", 1000, "assistantOverrides.", errors);
            if (overrides["variableValues"] is JsonObject values)
            {
                variables = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in values)
                    variables[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            }
            else if (overrides["variableValues"] is not null)
            {
                errors.Add("assistantOverrides.variableValues must be an object");
            }

            if (overrides["metadata"] is { } metadata && metadata is not JsonObject)
                errors.Add("assistantOverrides.metadata must be an object");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new CreateCallRequest(phoneNumberId!, assistantId, assistant, overrides, customer!, number!, variables), errors);
    }

    private static void Whitelist(JsonObject node, HashSet<string> allowed, string prefix, List<string> errors)
    {
        foreach (var (name, _) in node)
        {
            if (!allowed.Contains(name))
                errors.Add($"property {prefix}{name} should not exist");
        }
    }

    private static void MaxLength(JsonObject node, string name, int max, string prefix, List<string> errors)
    {
        if (node[name]?.GetValueKind() == JsonValueKind.String && node[name]!.GetValue<string>().Length > max)
            errors.Add($"{prefix}{name} must be shorter than or equal to {max} characters");
    }
}
