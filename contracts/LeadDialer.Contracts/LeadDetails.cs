namespace LeadDialer.Contracts;

/// <summary>What a provider needs to call a lead: the standard fields and every custom field, as text.</summary>
public sealed record LeadDetails(
    string Name,
    string Phone,
    string Email,
    string? Company,
    string? Timezone,
    IReadOnlyDictionary<string, string> CustomFields);
