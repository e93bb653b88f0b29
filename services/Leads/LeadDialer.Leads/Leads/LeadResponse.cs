using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.Leads.Data;

namespace LeadDialer.Leads.Leads;

/// <summary>A lead as listed. <paramref name="PhoneWarning"/>: what the phone check found (<see cref="Lead.PhoneWarning"/>).</summary>
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
    LeadErrorResponse? LastError,
    DateTimeOffset? NextRetryAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? PhoneWarning = null)
{
    public static LeadResponse From(Lead l) => new(
        l.Id, l.Name, l.Phone, l.Email, l.Company, l.Timezone, l.CustomFields, l.Status, l.Attempts,
        l.LastOutcome, LeadErrorResponse.From(l.LastError), l.NextRetryAt, l.CreatedAt, l.UpdatedAt, l.PhoneWarning);
}

/// <summary>
/// The last error as the lead panel shows it: kind, the guide's reason, what the provider said, and what to
/// do — the fix stored with the error (the audit shows the same), else the catalogue's for its reason.
/// </summary>
public sealed record LeadErrorResponse(ErrorKind Kind, string Reason, string? ProviderMessage, string HowToFix)
{
    public static LeadErrorResponse? From(LeadError? e) => e is null ? null : new(e.Kind, e.Reason, e.ProviderMessage, GuideErrors.FixOf(e));
}

/// <summary>
/// The guide's lead details panel: the lead, its attempts against the maximum, the last attempt,
/// the next retry and the time until it, the last error, and — from the Dialer — why a pending
/// lead is not being called; <paramref name="PhoneWarning"/> says what looks wrong with the phone.
/// </summary>
public sealed record LeadDetailsResponse(
    Guid Id,
    string Name,
    string Phone,
    string Email,
    string? Company,
    string? Timezone,
    IReadOnlyDictionary<string, string> CustomFields,
    string Status,
    int Attempts,
    int? MaxAttempts,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextRetryAt,
    TimeSpan? TimeUntilNextRetry,
    CallOutcome? LastOutcome,
    LeadErrorResponse? LastError,
    DialingResponse Dialing,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ConsentSource = null,
    DateTimeOffset? ConsentCapturedAt = null,
    string? PhoneWarning = null);

/// <summary>
/// Why the lead is (not) being called, from the Dialer. <paramref name="Available"/> is false when
/// the Dialer could not be asked; <paramref name="Unavailable"/> then says why, and the rest of the
/// details still come from the Leads service.
/// </summary>
public sealed record DialingResponse(
    bool Available,
    string? WaitingReason,
    string? Message,
    DateTimeOffset? WaitingUntil,
    string? Unavailable);
