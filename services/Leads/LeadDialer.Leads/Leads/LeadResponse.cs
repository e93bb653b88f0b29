using LeadDialer.Contracts;
using LeadDialer.Leads.Data;

namespace LeadDialer.Leads.Leads;

public sealed record LeadResponse(
    Guid Id,
    string Name,
    string Phone,
    string Email,
    string? Company,
    string? Timezone,
    IReadOnlyDictionary<string, string> CustomFields,
    string Status,
    int Attempts,
    CallOutcome? LastOutcome,
    LeadError? LastError,
    DateTimeOffset? NextRetryAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static LeadResponse From(Lead l) => new(
        l.Id, l.Name, l.Phone, l.Email, l.Company, l.Timezone, l.CustomFields, l.Status, l.Attempts,
        l.LastOutcome, l.LastError, l.NextRetryAt, l.CreatedAt, l.UpdatedAt);
}
