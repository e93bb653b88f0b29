using System.Text.Json;
using LeadDialer.Leads.CustomFields;

namespace LeadDialer.Leads.Leads;

/// <summary>
/// A <c>PATCH /api/leads/{id}</c> body (JSON merge patch): a field that is absent stays as it is,
/// <c>null</c> clears an optional field, and <c>customFields</c> merges value by value.
/// </summary>
public sealed class LeadPatch
{
    static readonly HashSet<string> Known = ["name", "phone", "email", "company", "timezone", "customFields", "consentSource", "consentCapturedAt"];

    /// <summary>
    /// The status follows the lead's calls; the guide's "manually change status back to pending"
    /// is reactivation, so a patch of it points there.
    /// </summary>
    public const string StatusIsNotAField =
        "The status cannot be edited: it follows the lead's calls. To call a failed lead again after fixing it, reactivate it: POST /api/leads/{id}/reactivate (it becomes pending with its attempts starting from zero).";

    public Optional<string?> Name { get; private init; }

    public Optional<string?> Phone { get; private init; }

    public Optional<string?> Email { get; private init; }

    public Optional<string?> Company { get; private init; }

    public Optional<string?> Timezone { get; private init; }

    public Optional<string?> ConsentSource { get; private init; }

    public Optional<DateTimeOffset?> ConsentCapturedAt { get; private init; }

    public List<KeyValuePair<string, string?>> CustomFields { get; } = [];

    public static LeadPatch Parse(JsonElement body, IDictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object of the fields to change, e.g. {\"phone\": \"+12125551234\"}."];
            return new LeadPatch();
        }

        var patch = new LeadPatch
        {
            Name = Text(body, "name", errors),
            Phone = Text(body, "phone", errors),
            Email = Text(body, "email", errors),
            Company = Text(body, "company", errors),
            Timezone = Text(body, "timezone", errors),
            ConsentSource = Text(body, "consentSource", errors),
            ConsentCapturedAt = Instant(body, "consentCapturedAt", errors),
        };

        foreach (var property in body.EnumerateObject())
        {
            if (property.Name == "status")
            {
                errors[property.Name] = [StatusIsNotAField];
            }
            else if (!Known.Contains(property.Name))
            {
                errors[property.Name] = [$"'{property.Name}' is not a lead field. Standard fields are name, phone, email, company, timezone, consentSource and consentCapturedAt; put custom fields under customFields."];
            }
        }

        if (body.TryGetProperty("customFields", out var custom))
        {
            if (custom.ValueKind == JsonValueKind.Object)
            {
                patch.CustomFields.AddRange(CustomFieldRules.AsText(custom.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)), errors));
            }
            else if (custom.ValueKind != JsonValueKind.Null)
            {
                errors["customFields"] = ["customFields must be an object of field name to value, e.g. {\"job_title\": \"CTO\"}."];
            }
        }

        return patch;
    }

    static Optional<DateTimeOffset?> Instant(JsonElement body, string name, IDictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return new(null);
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var instant))
        {
            return new(instant);
        }

        errors[name] = [$"{name} must be an ISO 8601 date and time with its offset, e.g. \"2026-03-01T10:00:00Z\"."];
        return default;
    }

    static Optional<string?> Text(JsonElement body, string name, IDictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return default;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return new(value.GetString());
            case JsonValueKind.Null:
                return new(null);
            default:
                errors[name] = [$"{name} must be text."];
                return default;
        }
    }
}

/// <summary>A value that may be absent, as opposed to present and null.</summary>
public readonly record struct Optional<T>(T Value)
{
    public bool IsSet { get; } = true;
}
