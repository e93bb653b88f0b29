using System.Text.Json;
using LeadDialer.Contracts.CustomFields;
using LeadDialer.Rules;

namespace LeadDialer.Leads.CustomFields;

/// <summary>
/// What a custom field's name and values may be. Names become Retell dynamic variables and Vapi
/// <c>{{placeholders}}</c>, so: letters, digits, underscores, and never a standard field's name
/// (<see cref="CustomFieldNames"/>, shared with the CSV import, which derives names from headers).
/// </summary>
public static class CustomFieldRules
{
    public const string NameExample = "job_title";

    /// <returns>Why the name cannot be used, or null when it can.</returns>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"Name is required: letters, digits and underscores, starting with a letter, e.g. {NameExample}.";
        }

        if (!CustomFieldNames.IsWellFormed(name))
        {
            return $"'{name}' cannot be used as a Retell variable or Vapi placeholder. Use only letters, digits and underscores, starting with a letter and at most {CustomFieldNames.MaxLength} characters, e.g. {CustomFieldNames.From(name)}.";
        }

        return CustomFieldNames.Standard.Contains(name)
            ? $"'{name}' is a standard field ({string.Join(", ", CustomFieldNames.Standard.Order())}). Pick another name, e.g. {CustomFieldNames.From(name)}."
            : null;
    }

    public static string? CheckType(string? type) =>
        type is not null && CustomFieldTypes.All.Contains(type)
            ? null
            : $"'{type}' is not a custom field type. Use one of: {string.Join(", ", CustomFieldTypes.All)}.";

    /// <summary>
    /// Checks values against the defined fields and returns them as the text providers get
    /// (null: remove the value). Errors go to <paramref name="errors"/> under <c>customFields.{name}</c>.
    /// </summary>
    public static Dictionary<string, string?> CheckValues(
        IEnumerable<KeyValuePair<string, string?>> values,
        IReadOnlyDictionary<string, string> definitions,
        IDictionary<string, string[]> errors)
    {
        var result = new Dictionary<string, string?>();
        foreach (var (name, value) in values)
        {
            var key = $"customFields.{name}";
            if (!definitions.TryGetValue(name, out var type))
            {
                errors[key] = [definitions.Count == 0
                    ? $"There is no custom field '{name}'; no custom fields are defined. Create it first with POST /api/custom-fields."
                    : $"There is no custom field '{name}'. Known fields: {string.Join(", ", definitions.Keys)}. Create it first with POST /api/custom-fields, or use one of these names (they are case-sensitive)."];
                continue;
            }

            if (value is null || (value.Length == 0 && type != CustomFieldTypes.Text))
            {
                result[name] = null;
                continue;
            }

            if (!CustomFieldValue.TryParse(type, value, out var normalized, out var error))
            {
                errors[key] = [$"{error}. '{name}' is a {type} field."];
                continue;
            }

            result[name] = normalized;
        }

        return result;
    }

    /// <summary>A JSON value as text: strings as they are, numbers and booleans as written; lists and objects are refused.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> AsText(IEnumerable<KeyValuePair<string, JsonElement>> values, IDictionary<string, string[]> errors)
    {
        foreach (var (name, value) in values)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object or JsonValueKind.Array:
                    errors[$"customFields.{name}"] = [$"Custom field '{name}' must be text, a number, a date or true/false, not a list or object."];
                    break;
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    yield return new(name, null);
                    break;
                case JsonValueKind.String:
                    yield return new(name, value.GetString());
                    break;
                default:
                    yield return new(name, value.GetRawText());
                    break;
            }
        }
    }
}
