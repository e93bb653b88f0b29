namespace LeadDialer.Contracts;

/// <summary>
/// The guide's words for a lead whose phone is not valid E.164. Part of the contract because every
/// writer of leads (the API, <see cref="SubmitLead"/>, the CSV import) must store the same reason,
/// and clients match on it (e.g. bulk reactivation by reason).
/// </summary>
public static class PhoneNumberErrors
{
    public const string Reason = "Invalid phone number format";

    public const string Hint = "Phone numbers must be in E.164 format: + followed by country code and number, no spaces or dashes, e.g. +12125551234 (US), +447911123456 (UK), +8801977317066 (Bangladesh).";

    public static LeadError InvalidFormat { get; } = new(ErrorKind.Permanent, Reason, Hint);
}
