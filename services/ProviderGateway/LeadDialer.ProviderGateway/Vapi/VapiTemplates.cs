using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Retell;

namespace LeadDialer.ProviderGateway.Vapi;

/// <summary>
/// The guide's Vapi placeholders: <c>{{name}}</c>, <c>{{first_name}}</c>, … and <c>{{custom_field}}</c>
/// (found by <see cref="Agents.TemplatePlaceholders"/>). Only the fields the templates reference are
/// sent: "If you don't reference a field, it won't be sent to Vapi".
/// </summary>
public static class VapiTemplates
{
    public static readonly IReadOnlyList<string> StandardPlaceholders =
        ["name", "first_name", "last_name", "email", "phone", "company", "timezone"];

    /// <summary>
    /// The values of the referenced placeholders, as text. A custom field the lead has no value for is
    /// sent empty, so the template renders blank instead of showing the raw placeholder.
    /// </summary>
    public static Dictionary<string, string> VariableValues(IEnumerable<string> placeholders, LeadDetails lead)
    {
        var (firstName, lastName) = RetellCallRequestBuilder.SplitName(lead.Name);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in placeholders)
        {
            values[name] = name switch
            {
                "name" => lead.Name?.Trim() ?? string.Empty,
                "first_name" => firstName,
                "last_name" => lastName,
                "email" => lead.Email ?? string.Empty,
                "phone" => lead.Phone ?? string.Empty,
                "company" => lead.Company ?? string.Empty,
                "timezone" => lead.Timezone ?? string.Empty,
                _ => lead.CustomFields.TryGetValue(name, out var value) ? value ?? string.Empty : string.Empty,
            };
        }

        return values;
    }
}
