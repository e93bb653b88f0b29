using System.Globalization;

namespace LeadDialer.Console.Gateway;

/// <summary>What the Add Lead and Edit forms hold; turned into the API's JSON with typed custom values.</summary>
public sealed class LeadFormModel
{
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Company { get; set; }
    public string? Timezone { get; set; }
    public Dictionary<string, string?> Custom { get; } = [];

    public static LeadFormModel From(LeadDetails lead)
    {
        var model = new LeadFormModel { Name = lead.Name, Phone = lead.Phone, Email = lead.Email, Company = lead.Company, Timezone = lead.Timezone };
        foreach (var (name, value) in lead.CustomFields ?? [])
        {
            model.Custom[name] = value;
        }

        return model;
    }

    /// <summary>The body of POST /api/leads (empty optional fields left out).</summary>
    public object ToAdd(IReadOnlyList<CustomField> fields) => new
    {
        name = Name,
        phone = Phone,
        email = Email,
        company = Empty(Company),
        timezone = Empty(Timezone),
        customFields = fields.Where(f => Empty(Custom.GetValueOrDefault(f.Name)) is not null)
            .ToDictionary(f => f.Name, f => Typed(f.Type, Custom[f.Name]!)),
    };

    /// <summary>A merge patch of what changed against the lead (a cleared value is null: the API clears it).</summary>
    public Dictionary<string, object?> ToPatch(LeadDetails lead, IReadOnlyList<CustomField> fields)
    {
        var patch = new Dictionary<string, object?>();
        void Set(string key, string? now, string? was)
        {
            if ((Empty(now) ?? "") != (was ?? ""))
            {
                patch[key] = Empty(now);
            }
        }

        Set("name", Name, lead.Name);
        Set("phone", Phone, lead.Phone);
        Set("email", Email, lead.Email);
        Set("company", Company, lead.Company);
        Set("timezone", Timezone, lead.Timezone);
        var custom = new Dictionary<string, object?>();
        foreach (var field in fields)
        {
            var now = Empty(Custom.GetValueOrDefault(field.Name));
            var was = lead.CustomFields?.GetValueOrDefault(field.Name);
            if ((now ?? "") != (was ?? ""))
            {
                custom[field.Name] = now is null ? null : Typed(field.Type, now);
            }
        }

        if (custom.Count > 0)
        {
            patch["customFields"] = custom;
        }

        return patch;
    }

    static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Numbers and booleans go as JSON numbers and booleans when they read as such; otherwise as
    // typed, so the API's own message says what is wrong with the value.
    static object Typed(string type, string value) => type switch
    {
        "number" when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
        "boolean" when bool.TryParse(value, out var flag) => flag,
        _ => value.Trim(),
    };
}
