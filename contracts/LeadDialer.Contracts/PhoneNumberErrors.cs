using LeadDialer.Contracts.Errors;

namespace LeadDialer.Contracts;

/// <summary>
/// A lead whose phone is not valid E.164. Part of the contract because every writer of leads (the API,
/// <see cref="SubmitLead"/>, the CSV import) must store the same reason, and clients match on it (e.g.
/// bulk reactivation by reason). The reason and its fix are the catalogue's (<see cref="GuideErrors.InvalidPhoneNumberFormat"/>).
/// </summary>
public static class PhoneNumberErrors
{
    public const string Reason = "Invalid phone number format";

    /// <summary>The guide's phone number format, for validation messages (a form's field, a refused API request).</summary>
    public const string Hint = "Phone numbers must be in E.164 format: + followed by country code and number, no spaces or dashes, e.g. +12125551234 (US), +447911123456 (UK), +8801977317066 (Bangladesh).";

    /// <summary>No provider said anything: only the reason and the guide's fix.</summary>
    public static LeadError InvalidFormat { get; } = GuideErrors.InvalidPhoneNumberFormat.ToLeadError();
}
