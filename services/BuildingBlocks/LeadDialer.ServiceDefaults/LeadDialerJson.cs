using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadDialer.ServiceDefaults;

/// <summary>
/// LeadDialer's JSON for messages, stored documents (outbox rows, jsonb columns) and API examples:
/// web names, enums as strings. One definition, so a message and its stored copy read the same.
/// </summary>
public static class LeadDialerJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Adds LeadDialer's conventions to <paramref name="options"/> (MassTransit's serializer, for one).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter());
        }

        return options;
    }
}
