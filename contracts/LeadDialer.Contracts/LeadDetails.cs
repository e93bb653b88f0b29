namespace LeadDialer.Contracts;

/// <summary>What a provider needs to call a lead: the standard fields and every custom field, as text.</summary>
/// <param name="ConsentSource">Where the person's written consent to be called was captured (a form, a contract…); optional.</param>
/// <param name="ConsentCapturedAt">When consent was captured; a lead has consent when this is set ("require consent" setting).</param>
public sealed record LeadDetails(
    string Name,
    string Phone,
    string Email,
    string? Company,
    string? Timezone,
    IReadOnlyDictionary<string, string> CustomFields,
    string? ConsentSource = null,
    DateTimeOffset? ConsentCapturedAt = null);
