using System.Net.Mail;
using System.Text.Json;

namespace LeadDialer.Leads.Leads;

/// <summary>"Add Lead": name, phone and email are required; company, timezone and custom fields are optional.</summary>
public sealed record AddLeadRequest(
    string? Name,
    string? Phone,
    string? Email,
    string? Company,
    string? Timezone,
    Dictionary<string, JsonElement>? CustomFields,
    string? ConsentSource = null,
    DateTimeOffset? ConsentCapturedAt = null)
{
    /// <summary>
    /// Field-level errors in the standard fields. A badly formatted phone is not one: such a lead
    /// is stored as failed. Custom field values are checked against their definitions by the caller.
    /// </summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        LeadRules.CheckName(Name, required: true, errors);
        if (string.IsNullOrWhiteSpace(Phone))
        {
            errors["phone"] = ["Phone is required, in E.164 format, e.g. +12125551234."];
        }

        LeadRules.CheckEmail(Email, required: true, errors);
        LeadRules.CheckCompany(Company, errors);
        LeadRules.CheckTimezone(Timezone, errors);
        LeadRules.CheckConsentSource(ConsentSource, errors);
        return errors;
    }
}

/// <summary>The standard fields' rules, shared by adding, editing and bus submissions.</summary>
public static class LeadRules
{
    public const int MaxConsentSource = 200;

    public static void CheckConsentSource(string? source, IDictionary<string, string[]> errors)
    {
        if (source is { Length: > MaxConsentSource })
        {
            errors["consentSource"] = [$"The consent source is {source.Length} characters long; at most {MaxConsentSource} (e.g. \"web form 2026-03\")."];
        }
    }

    public static void CheckName(string? name, bool required, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            if (required || name is not null)
            {
                errors["name"] = ["Name is required: the contact's full name."];
            }
        }
        else if (name.Trim().Length > 200)
        {
            errors["name"] = ["Name is longer than 200 characters; shorten it."];
        }
    }

    public static void CheckEmail(string? email, bool required, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            if (required || email is not null)
            {
                errors["email"] = ["Email is required: the contact's email address."];
            }
        }
        else if (email.Trim().Length > 320 || !MailAddress.TryCreate(email.Trim(), out var address) || address.Address != email.Trim())
        {
            errors["email"] = [$"'{email}' is not an email address. Use the form name@example.com."];
        }
    }

    public static void CheckCompany(string? company, IDictionary<string, string[]> errors)
    {
        if (company is not null && company.Trim().Length > 200)
        {
            errors["company"] = ["Company is longer than 200 characters; shorten it."];
        }
    }

    public static void CheckTimezone(string? timezone, IDictionary<string, string[]> errors)
    {
        if (!string.IsNullOrWhiteSpace(timezone) && !IsIanaTimeZone(timezone.Trim()))
        {
            errors["timezone"] = [$"'{timezone}' is not an IANA time zone name. Use a name such as America/New_York or Europe/London."];
        }
    }

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Windows names ("Eastern Standard Time") resolve on Linux too, but Retell and Vapi expect IANA names.
    static bool IsIanaTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
