using System.Net;

namespace LeadDialer.Import.CustomFields;

/// <summary>A custom field as the Leads service defines it (<c>GET /api/custom-fields</c>).</summary>
public sealed record CustomFieldDefinition(string Name, string Type, DateTimeOffset? CreatedAt);

/// <summary>Reads the custom fields the Leads service defines (for the template and for checking a mapping), and creates the ones an import maps to create:&lt;type&gt;.</summary>
public sealed class CustomFieldsClient(HttpClient http, ILogger<CustomFieldsClient> logger)
{
    public async Task<IReadOnlyList<CustomFieldDefinition>> GetAll(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/api/custom-fields", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // A Leads service without custom field definitions yet: none are defined.
            logger.LogDebug("GET /api/custom-fields answered 404: treating it as no custom fields defined");
            return [];
        }

        response.EnsureSuccessStatusCode();
        var fields = await response.Content.ReadFromJsonAsync<CustomFieldDefinition[]>(cancellationToken) ?? [];
        return fields.Where(f => !string.IsNullOrWhiteSpace(f.Name)).ToArray();
    }

    /// <summary>Creates the field in Leads (<c>POST /api/custom-fields</c>), which checks the name.</summary>
    /// <returns>The field as Leads has it now: the one created, or the one of that name (ignoring case) that exists already, whatever its type.</returns>
    public async Task<CustomFieldDefinition> Ensure(string name, string type, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/custom-fields", new { name, type }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict
            && (await GetAll(cancellationToken)).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            return existing;
        }

        response.EnsureSuccessStatusCode();
        logger.LogInformation("Created the custom field {Field} ({Type}) for an import", name, type);
        return (await response.Content.ReadFromJsonAsync<CustomFieldDefinition>(cancellationToken))!;
    }
}
