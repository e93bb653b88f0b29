using System.Text.Json;
using LeadDialer.ProviderGateway.Retell;
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
/// defined custom field renders empty. Checked for a Vapi agent's templates and its external assistant's
/// (read from Vapi), and for an inline Retell agent's prompt and messages (Retell's standard variables).
/// Saving is allowed (the field may be defined later); the answer warns.
/// </summary>
public sealed class AgentTemplateCheck(HttpClient http, IOptions<CustomFieldsOptions> options, ILogger<AgentTemplateCheck> logger)
{
    public async Task<IReadOnlyList<string>> Warnings(Agent agent, CancellationToken cancellationToken) =>
        (await Warnings([agent], cancellationToken))[agent.Id];

    /// <summary>The warnings of each agent; the custom fields are read once for all of them.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> Warnings(IReadOnlyCollection<Agent> agents, CancellationToken cancellationToken)
    {
        var unknown = agents.ToDictionary(a => a.Id, a => Standard(a) is { } standard
            ? a.Placeholders().Where(p => !standard.Contains(p, StringComparer.Ordinal)).ToList()
            : []);
        var defined = unknown.Values.Any(u => u.Count > 0) ? await DefinedCustomFields(cancellationToken) : [];
        return agents.ToDictionary(a => a.Id, a => (IReadOnlyList<string>)[.. ProviderWarnings(a), .. PlaceholderWarnings(a, unknown[a.Id], defined)]);
    }

    /// <summary>The standard placeholders of the agent's provider, or null when the agent has no templates of its own to check.</summary>
    static IReadOnlyList<string>? Standard(Agent agent) => agent.Provider switch
    {
        ProviderNames.Vapi => VapiTemplates.StandardPlaceholders,
        ProviderNames.Retell when agent.IsRetellInline => RetellCallRequestBuilder.StandardVariables,
        _ => null,
    };

    static IEnumerable<string> ProviderWarnings(Agent agent)
    {
        if (agent.IsVapiExternal && agent.ProviderError is { } error)
        {
            yield return $"The placeholders of Vapi assistant {agent.AssistantId} are not known, so no field they use is sent: {error}. Check the assistant id; it is read again on the next save and every few minutes.";
        }
    }

    static IEnumerable<string> PlaceholderWarnings(Agent agent, List<string> unknown, HashSet<string>? defined)
    {
        if (unknown.Count == 0)
        {
            yield break;
        }

        if (defined is null)
        {
            yield return $"Could not read the defined custom fields to check the placeholders {Braced(unknown)}; check that each is a custom field (names are case-sensitive).";
            yield break;
        }

        var missing = unknown.Where(p => !defined.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            var where = agent.IsVapiExternal && missing.Any(agent.AssistantPlaceholders.Contains) ? " (some are in the assistant's own configuration in Vapi)" : "";
            yield return $"These placeholders are neither a standard field nor a defined custom field and will be empty: {Braced(missing)}{where}. " +
                $"Standard placeholders: {Braced(Standard(agent)!)}; names are case-sensitive. Define the custom field, or fix the placeholder.";
        }
    }

    static string Braced(IEnumerable<string> names) => string.Join(", ", names.Select(p => "{{" + p + "}}"));

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
