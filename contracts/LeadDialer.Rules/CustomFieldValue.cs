using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LeadDialer.Contracts.CustomFields;

namespace LeadDialer.Rules;

/// <summary>
/// How a custom field's value is written, one rule for "Add Lead", editing, SubmitLead and the CSV
/// import (ADR 0010). Values are stored as the text providers get: numbers in invariant notation,
/// dates as yyyy-MM-dd, booleans as true/false.
/// </summary>
public static class CustomFieldValue
{
    /// <summary>ISO first; then the forms a spreadsheet writes, read month first (invariant culture).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Parses <paramref name="text"/> (trimmed) as a value of a field of <paramref name="type"/>.</summary>
    /// <param name="value">The value as stored, e.g. "1250.50", "2026-11-27", "true".</param>
    /// <param name="error">How to write a value of the type, starting with the text as given, e.g. "'lots' is not a number: …".</param>
    public static bool TryParse(string type, string text, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        var trimmed = text.Trim();
        value = type switch
        {
            CustomFieldTypes.Number => Number(trimmed),
            CustomFieldTypes.Date => Date(trimmed),
            CustomFieldTypes.Boolean => Boolean(trimmed),
            _ => trimmed,
        };
        error = value is null ? HowToWrite(type, text) : null;
        return value is not null;
    }

    // Digits, an optional sign and a '.' decimal point. No exponent: a spreadsheet writes long ids
    // as 1.23E+15, digits already lost, and a refusal shows it. No thousands separators: "1,250"
    // is 1250 in New York and 1.25 in Berlin, so guessing would store the wrong number.
    static string? Number(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : null;

    static string? Date(string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        || DateOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            ? date.ToString(DateFormat, CultureInfo.InvariantCulture)
            : null;

    static string? Boolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" => "true",
        "false" or "no" or "n" or "0" => "false",
        _ => null,
    };

    static string HowToWrite(string type, string text) => type switch
    {
        CustomFieldTypes.Number => $"'{text}' is not a number: write digits with an optional '-' and a '.' decimal point, e.g. 42 or 1250.50 (no thousands separators, no exponent)",
        CustomFieldTypes.Date => $"'{text}' is not a date: write it as {DateFormat}, e.g. 2026-11-27 (11/27/2026, month first, and Nov 27 2026 are read too)",
        _ => $"'{text}' is not a boolean (true or false): write true/false, yes/no or 1/0",
    };
}
