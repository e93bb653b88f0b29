using LeadDialer.Contracts.CustomFields;
using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Data;

namespace LeadDialer.Import.Mapping;

/// <summary>
/// Suggests a mapping from the header names lead files really use ("Full Name", "Mobile", "E-mail",
/// "Organisation"), the custom fields already defined, and for every other column a new custom field
/// named after its header, of the type its values suggest ("Budget" with 5000, 12000 → create:number, budget).
/// </summary>
public static class HeaderSynonyms
{
    static readonly Dictionary<string, string> Synonyms = Build(new()
    {
        [MappingTarget.Name] = ["name", "full name", "fullname", "contact", "contact name", "customer", "customer name", "lead name", "client name", "person"],
        [MappingTarget.Phone] = ["phone", "phone number", "phonenumber", "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone", "telephone", "tel", "phone no", "number", "contact number", "msisdn"],
        [MappingTarget.Email] = ["email", "e-mail", "email address", "e-mail address", "mail", "emailaddress"],
        [MappingTarget.Company] = ["company", "company name", "organisation", "organization", "org", "business", "employer", "account", "account name", "firm"],
        [MappingTarget.Timezone] = ["timezone", "time zone", "tz", "time_zone", "zone"],
    });

    /// <summary>How many of the file's first rows suggest a new field's type; the review then checks every row.</summary>
    public const int ValueRows = 1_000;

    /// <param name="rows">The first rows of the file (any number): the values that suggest a new field's type.</param>
    public static ColumnSuggestion[] Suggest(IReadOnlyList<string> headers, IReadOnlyList<CustomFieldDefinition> customFields, IReadOnlyList<string[]> rows)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var customs = customFields.ToDictionary(f => Key(f.Name), f => f.Name);
        var suggestions = new ColumnSuggestion[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            var key = Key(headers[i]);
            if (Synonyms.TryGetValue(key, out var target) && taken.Add(target))
            {
                suggestions[i] = new ColumnSuggestion(headers[i], target, null);
            }
            else if (customs.TryGetValue(key, out var field) && taken.Add(MappingTarget.CustomPrefix + field))
            {
                suggestions[i] = new ColumnSuggestion(headers[i], MappingTarget.CustomPrefix + field, "an existing custom field");
            }
            else
            {
                suggestions[i] = New(headers[i], i, rows, taken, Synonyms.GetValueOrDefault(key));
            }
        }

        return suggestions;
    }

    // A column no lead field takes: a new custom field. One that repeats a standard field taken by
    // an earlier column ("Mobile" after "Phone") is only offered as one, ignored unless chosen.
    static ColumnSuggestion New(string header, int column, IReadOnlyList<string[]> rows, HashSet<string> taken, string? standard)
    {
        var name = CustomFieldNames.From(header);
        if (!taken.Add(MappingTarget.CustomPrefix + name))
        {
            return new ColumnSuggestion(header, MappingTarget.Ignore, $"another column already becomes the custom field '{name}'");
        }

        var type = FieldTypeSuggestion.Suggest(rows.Select(r => column < r.Length ? r[column] : ""));
        return standard is null
            ? new ColumnSuggestion(header, MappingTarget.CreatePrefix + type,
                $"not a lead field yet: imported as the new custom field '{name}' ({type}), created on confirm; or ignore it", name, type)
            : new ColumnSuggestion(header, MappingTarget.Ignore,
                $"{standard} comes from another column: ignored, or imported as the new custom field '{name}' ({type}) if chosen", name, type);
    }

    static string Key(string header) => new(header.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    static Dictionary<string, string> Build(Dictionary<string, string[]> byTarget) =>
        byTarget.SelectMany(t => t.Value.Select(s => (Key: Key(s), t.Key))).DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Item2);
}
