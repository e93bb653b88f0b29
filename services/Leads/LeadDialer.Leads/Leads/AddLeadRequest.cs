using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LeadDialer.Leads.Leads;

/// <summary>"Add Lead": name, phone and email are required; company, timezone and custom fields are optional.</summary>
public sealed partial record AddLeadRequest(
    string? Name,
    string? Phone,
    string? Email,
    string? Company,
    string? Timezone,
    Dictionary<string, JsonElement>? CustomFields)
{
    /// <summary>Field-level errors in the request itself. A badly formatted phone is not one: such a lead is stored as failed.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["name"] = ["Name is required: the contact's full name."];
        }
        else if (Name.Length > 200)
        {
            errors["name"] = ["Name is longer than 200 characters."];
        }

        if (string.IsNullOrWhiteSpace(Phone))
        {
            errors["phone"] = ["Phone is required, in E.164 format, e.g. +12125551234."];
        }

        if (string.IsNullOrWhiteSpace(Email))
        {
            errors["email"] = ["Email is required: the contact's email address."];
        }
        else if (!MailAddress.TryCreate(Email.Trim(), out var address) || address.Address != Email.Trim())
        {
            errors["email"] = [$"'{Email}' is not an email address. Use the form name@example.com."];
        }

        if (!string.IsNullOrWhiteSpace(Timezone) && !IsIanaTimeZone(Timezone.Trim()))
        {
            errors["timezone"] = [$"'{Timezone}' is not an IANA time zone name. Use a name such as America/New_York or Europe/London."];
        }

        foreach (var (name, value) in CustomFields ?? [])
        {
            if (!FieldName().IsMatch(name))
            {
                errors[$"customFields.{name}"] = [$"Custom field name '{name}' may contain only letters, digits and underscores and must start with a letter, e.g. job_title."];
            }
            else if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                errors[$"customFields.{name}"] = [$"Custom field '{name}' must be text, a number, a date or true/false, not a list or object."];
            }
        }

        return errors;
    }

    public Dictionary<string, string> CustomFieldValues() =>
        (CustomFields ?? []).Where(kv => kv.Value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
            .ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()! : kv.Value.GetRawText());

    // Windows names ("Eastern Standard Time") resolve on Linux too, but Retell and Vapi expect IANA names.
    static bool IsIanaTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,62}$")]
    private static partial Regex FieldName();
}
