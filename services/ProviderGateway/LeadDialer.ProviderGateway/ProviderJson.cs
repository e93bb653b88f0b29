using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadDialer.ProviderGateway;

/// <summary>How request bodies are written to the providers: as their models name them, absent values omitted (Vapi refuses nulls it does not expect).</summary>
public static class ProviderJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
