using System.Net;

namespace LeadDialer.Import.CustomFields;

/// <summary>A custom field as the Leads service defines it (<c>GET /api/custom-fields</c>).</summary>
public sealed record CustomFieldDefinition(string Name, string Type, DateTimeOffset? CreatedAt);

/// <summary>Reads the custom fields the Leads service defines, for the template and for checking a mapping.</summary>
public sealed class CustomFieldsClient(HttpClient http, ILogger<CustomFieldsClient> logger)
{
    public static readonly string[] Types = ["text", "number", "date", "boolean"];

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
}
