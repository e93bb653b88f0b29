using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.ProviderGateway.Retell;

/// <summary>
/// Builds the create-phone-call body. Retell gets every standard field and every custom field
/// (the guide: "All custom fields are automatically sent"), all as strings, which Retell requires.
/// </summary>
public static class RetellCallRequestBuilder
{
    /// <summary>The guide's "Standard Fields Sent to Retell": the variables an inline prompt can use besides the custom fields.</summary>
    public static readonly IReadOnlyList<string> StandardVariables =
        ["customer_name", "first_name", "last_name", "email_address", "phone_number", "company_name", "timezone"];

    public static CreatePhoneCallRequest Build(PlaceCall command, Agent agent)
    {
        var lead = command.Lead;
        var (firstName, lastName) = SplitName(lead.Name);

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in lead.CustomFields)
        {
            variables[name] = value ?? string.Empty;
        }

        // Standard fields are written last so a custom field cannot shadow them under the same name.
        variables["customer_name"] = lead.Name?.Trim() ?? string.Empty;
        variables["first_name"] = firstName;
        variables["last_name"] = lastName;
        variables["email_address"] = lead.Email ?? string.Empty;
        variables["phone_number"] = lead.Phone ?? string.Empty;
        variables["company_name"] = lead.Company ?? string.Empty;
        variables["timezone"] = lead.Timezone ?? string.Empty;

        return new CreatePhoneCallRequest(
            FromNumber: agent.FromNumber ?? string.Empty,
            ToNumber: lead.Phone ?? string.Empty,
            OverrideAgentId: string.IsNullOrWhiteSpace(agent.RetellAgentId) ? null : agent.RetellAgentId,
            RetellLlmDynamicVariables: variables,
            Metadata: new RetellCallMetadata(
                command.LeadId.ToString(),
                command.Attempt,
                command.CallAttemptId.ToString(),
                Telemetry.CurrentTraceParent()));
    }

    /// <summary>First token is the first name, the rest the last name; a single token is a first name only.</summary>
    public static (string FirstName, string LastName) SplitName(string? name)
    {
        var tokens = (name ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tokens.Length switch
        {
            0 => (string.Empty, string.Empty),
            1 => (tokens[0], string.Empty),
            _ => (tokens[0], string.Join(' ', tokens[1..])),
        };
    }
}
