using System.Text;
using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Data;

namespace LeadDialer.Import.Mapping;

/// <summary>Suggests a mapping from the header names lead files really use ("Full Name", "Mobile", "E-mail", "Organisation").</summary>
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

    public static ColumnSuggestion[] Suggest(IReadOnlyList<string> headers, IReadOnlyList<CustomFieldDefinition> customFields)
    {
        var taken = new HashSet<string>();
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
                var name = FieldName(headers[i]);
                suggestions[i] = new ColumnSuggestion(headers[i], MappingTarget.Ignore,
                    name is null ? "not a lead field" : $"ignore, or create the custom field '{name}' (POST /api/custom-fields) and map it as custom:{name}");
            }
        }

        return suggestions;
    }

    /// <summary>A header as a custom field name (letters, digits, underscores; starts with a letter), e.g. "Job Title" → job_title.</summary>
    public static string? FieldName(string header)
    {
        var builder = new StringBuilder();
        foreach (var c in header.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var name = builder.ToString().Trim('_');
        return name.Length > 0 && char.IsAsciiLetter(name[0]) ? name[..Math.Min(name.Length, 63)] : null;
    }

    static string Key(string header) => new(header.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    static Dictionary<string, string> Build(Dictionary<string, string[]> byTarget) =>
        byTarget.SelectMany(t => t.Value.Select(s => (Key: Key(s), t.Key))).DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Item2);
}
