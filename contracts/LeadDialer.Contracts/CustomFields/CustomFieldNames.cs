using System.Text.RegularExpressions;

namespace LeadDialer.Contracts.CustomFields;

/// <summary>
/// What a custom field may be called. Names become Retell dynamic variables and Vapi
/// <c>{{placeholders}}</c>: letters, digits and underscores, starting with a letter, never a standard
/// field's name. In the contract because Leads checks names and the CSV import derives them from headers.
/// </summary>
public static partial class CustomFieldNames
{
    public const int MaxLength = 63;

    /// <summary>The standard fields, in the guide's Vapi and Retell spellings.</summary>
    public static readonly IReadOnlySet<string> Standard = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "first_name", "last_name", "email", "phone", "company", "timezone",
        "customer_name", "email_address", "phone_number", "company_name",
    };

    /// <summary>Letters, digits and underscores, starting with a letter, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsWellFormed(string name) => Pattern().IsMatch(name);

    /// <summary>
    /// The name a header or a refused name becomes: other characters as one underscore, lower case,
    /// <c>field_</c> before a leading digit, <c>lead_</c> before a standard name ("Job Title" → job_title,
    /// "2nd phone" → field_2nd_phone, "Email" → lead_email). Always a usable name.
    /// </summary>
    public static string From(string text)
    {
        var name = NonWord().Replace(text.Trim(), "_").Trim('_').ToLowerInvariant();
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            name = name.Length == 0 ? "field" : "field_" + name;
        }

        if (Standard.Contains(name))
        {
            name = "lead_" + name;
        }

        return name.Length > MaxLength ? name[..MaxLength].TrimEnd('_') : name;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("[^A-Za-z0-9_]+")]
    private static partial Regex NonWord();
}
