using System.Text.Json;
using LeadDialer.ProviderGateway.Vapi;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>Where the defined custom fields are read from (the Leads service's <c>GET /api/custom-fields</c>).</summary>
public sealed class CustomFieldsOptions
{
    public const string SectionName = "CustomFields";

    public Uri Url { get; set; } = new("http://127.0.0.1:8081/api/custom-fields");
}

/// <summary>
/// The guide's "Custom fields not working (Vapi)": a placeholder that is neither a standard field nor a
/// defined custom field renders empty. Saving is allowed (the field may be defined later); the answer warns.
/// </summary>
public sealed class AgentTemplateCheck(HttpClient http, IOptions<CustomFieldsOptions> options, ILogger<AgentTemplateCheck> logger)
{
    public async Task<IReadOnlyList<string>> Warnings(Agent agent, CancellationToken cancellationToken)
    {
        if (agent.Provider != ProviderNames.Vapi)
        {
            return [];
        }

        var unknown = VapiTemplates.Placeholders(agent.FirstMessage, agent.SystemPrompt, agent.VoicemailMessage)
            .Where(p => !VapiTemplates.StandardPlaceholders.Contains(p, StringComparer.Ordinal))
            .ToList();
        if (unknown.Count == 0)
        {
            return [];
        }

        var defined = await DefinedCustomFields(cancellationToken);
        if (defined is null)
        {
            return [$"Could not read the defined custom fields to check the placeholders {string.Join(", ", unknown.Select(p => "{{" + p + "}}"))}; check that each is a custom field (names are case-sensitive)."];
        }

        var missing = unknown.Where(p => !defined.Contains(p)).ToList();
        return missing.Count == 0
            ? []
            : [$"These placeholders are neither a standard field nor a defined custom field and will be empty: {string.Join(", ", missing.Select(p => "{{" + p + "}}"))}. " +
               $"Standard placeholders: {string.Join(", ", VapiTemplates.StandardPlaceholders.Select(p => "{{" + p + "}}"))}; names are case-sensitive. Define the custom field, or fix the placeholder."];
    }

    /// <summary>The custom field names, or null when Leads cannot be asked.</summary>
    async Task<HashSet<string>?> DefinedCustomFields(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(options.Value.Url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Could not read custom fields from {Url}: {Status}", options.Value.Url, (int)response.StatusCode);
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            return Names(document.RootElement);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            logger.LogWarning("Could not read custom fields from {Url}: {Error}", options.Value.Url, ex.Message);
            return null;
        }
    }

    /// <summary>An array of names or of objects with a <c>name</c> (or <c>key</c>), possibly under <c>items</c>.</summary>
    internal static HashSet<string> Names(JsonElement root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var array = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) ? items : root;
        if (array.ValueKind != JsonValueKind.Array)
        {
            return names;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                names.Add(item.GetString()!);
            }
            else if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in (string[])["name", "key"])
                {
                    if (item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        names.Add(value.GetString()!);
                        break;
                    }
                }
            }
        }

        return names;
    }
}
