using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace LeadDialer.UnitTests;

/// <summary>YAML read as JSON nodes, so specs walk one document model whatever the file's format.</summary>
public static class Yaml
{
    /// <summary>Every document of a (multi-document) YAML stream.</summary>
    public static IReadOnlyList<JsonNode?> LoadAll(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    /// <summary>YAML → JSON with YAML 1.2 core types for plain scalars (quoted scalars stay strings).</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    static JsonNode? Plain(string? value) => value switch
    {
        null or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        _ => JsonValue.Create(value),
    };
}
