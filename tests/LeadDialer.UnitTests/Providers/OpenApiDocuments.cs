using System.Text.Json.Nodes;
using Json.Schema;

namespace LeadDialer.UnitTests.Providers;

/// <summary>
/// The providers' published OpenAPI documents (copied under docs/providers) turned into JSON Schema
/// 2020-12, strictly: an object schema refuses properties it does not define, as Vapi's API does.
/// </summary>
public static class OpenApiDocuments
{
    static readonly Lazy<JsonObject> VapiDocument = new(() => (JsonObject)JsonNode.Parse(File.ReadAllText(PathOf("vapi-openapi.json")))!);
    static readonly Lazy<JsonObject> RetellDocument = new(() => FlattenAllOf((JsonObject)LoadYaml(PathOf("retell-openapi.yaml"))!));

    /// <summary>Vapi's request body schema for <c>POST /call</c> (CreateCallDTO).</summary>
    public static JsonSchema VapiCreateCall() => Build(VapiDocument.Value, "#/components/schemas/CreateCallDTO");

    /// <summary>Retell's request body schema of an operation, e.g. <c>/v2/create-phone-call</c>.</summary>
    public static JsonSchema RetellRequest(string path) =>
        Build(RetellDocument.Value, RetellDocument.Value["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!.DeepClone());

    /// <summary>The values of an enum schema in Retell's document, e.g. DisconnectionReason.</summary>
    public static IReadOnlyList<string> RetellEnum(string schemaName) =>
        [.. RetellDocument.Value["components"]!["schemas"]![schemaName]!["enum"]!.AsArray().Select(v => (string)v!)];

    static JsonSchema Build(JsonObject document, JsonNode root)
    {
        var defs = new JsonObject();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            defs[name] = Convert(schema!.DeepClone());
        }

        var converted = root is JsonValue reference ? new JsonObject { ["$ref"] = Ref((string)reference!) } : (JsonObject)Convert(root)!;
        converted["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        converted["$defs"] = defs;
        return JsonSchema.FromText(converted.ToJsonString());
    }

    static JsonSchema Build(JsonObject document, string reference) => Build(document, JsonValue.Create(reference));

    static string Ref(string reference) => reference.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);

    /// <summary>OpenAPI 3.0 → JSON Schema: nullable becomes a null type, refs point into $defs, objects are closed.</summary>
    static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var converted = Convert(array[i]?.DeepClone());
                    array[i] = converted;
                }

                return array;
            case JsonObject schema:
                foreach (var key in schema.Select(p => p.Key).ToList())
                {
                    if (key is "example" or "examples" or "discriminator" or "xml" or "externalDocs" || key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        schema.Remove(key);
                    }
                    else if (key == "$ref")
                    {
                        schema["$ref"] = Ref((string)schema["$ref"]!);
                    }
                    else if (key is "properties" or "patternProperties" or "$defs")
                    {
                        var properties = schema[key]!.AsObject();
                        foreach (var name in properties.Select(p => p.Key).ToList())
                        {
                            properties[name] = Convert(properties[name]!.DeepClone());
                        }
                    }
                    else if (schema[key] is JsonObject or JsonArray && key is not "enum" and not "required" and not "default" and not "const")
                    {
                        schema[key] = Convert(schema[key]!.DeepClone());
                    }
                }

                if (schema["nullable"] is JsonValue nullable && (bool)nullable)
                {
                    schema.Remove("nullable");
                    if (schema["type"] is JsonValue type)
                    {
                        schema["type"] = new JsonArray((string)type!, "null");
                    }

                    if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
                    {
                        values.Add(null);
                    }
                }
                else
                {
                    schema.Remove("nullable");
                }

                // OpenAPI 3.0's boolean exclusiveMinimum/Maximum qualify minimum/maximum; 2020-12 wants the number.
                foreach (var (exclusive, bound) in new[] { ("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum") })
                {
                    if (schema[exclusive] is JsonValue flag && flag.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
                    {
                        schema.Remove(exclusive);
                        if ((bool)flag && schema[bound] is { } limit)
                        {
                            schema.Remove(bound);
                            schema[exclusive] = limit;
                        }
                    }
                }

                if (schema["properties"] is JsonObject && schema["additionalProperties"] is null)
                {
                    schema["unevaluatedProperties"] = false;
                }

                return schema;
            default:
                return node;
        }
    }

    /// <summary>
    /// Retell composes request bodies with allOf (RetellLlmRequest = RetellLlmOverride + its own
    /// properties). Closed objects in an allOf refuse each other's properties, so an allOf whose parts are
    /// all object schemas becomes one object with the properties and required names of every part.
    /// </summary>
    static JsonObject FlattenAllOf(JsonObject document)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        JsonObject? Resolve(JsonNode? part) => part is JsonObject o && o["$ref"] is JsonValue r
            ? schemas[((string)r!).Replace("#/components/schemas/", "", StringComparison.Ordinal)] as JsonObject
            : part as JsonObject;

        JsonObject? Flat(JsonObject schema)
        {
            if (schema["allOf"] is not JsonArray parts)
            {
                return schema["properties"] is JsonObject || schema["required"] is JsonArray ? schema : null;
            }

            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var part in parts)
            {
                if (Resolve(part) is not { } resolved || Flat(resolved) is not { } flat)
                {
                    return null;
                }

                foreach (var (name, property) in flat["properties"] as JsonObject ?? [])
                {
                    properties[name] = property!.DeepClone();
                }

                foreach (var name in flat["required"] as JsonArray ?? [])
                {
                    required.Add((string)name!);
                }
            }

            var merged = new JsonObject { ["type"] = "object", ["properties"] = properties };
            if (required.Count > 0)
            {
                merged["required"] = required;
            }

            return merged;
        }

        foreach (var name in schemas.Select(p => p.Key).ToList())
        {
            if (schemas[name] is JsonObject { } schema && schema["allOf"] is not null && Flat(schema) is { } flat)
            {
                schemas[name] = flat;
            }
        }

        foreach (var (_, path) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in path!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"] is JsonObject content
                    && content["schema"] is JsonObject { } schema && schema["allOf"] is not null && Flat(schema) is { } flat)
                {
                    content["schema"] = flat;
                }
            }
        }

        return document;
    }

    static JsonNode? LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        return Yaml.LoadAll(reader)[0];
    }

    public static string PathOf(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "providers", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"docs/providers/{file} not found above {AppContext.BaseDirectory}.");
    }
}
