using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults.Messaging;

namespace LeadDialer.Import.Leads;

/// <summary>The guide's words for a lead whose phone is not valid: the same reason and hint "Add Lead" stores (Leads' PhoneNumberCheck).</summary>
public static class LeadErrors
{
    public const string InvalidPhoneReason = "Invalid phone number format";

    public const string InvalidPhoneHint = "Phone numbers must be in E.164 format: + followed by country code and number, no spaces or dashes, e.g. +12125551234 (US), +447911123456 (UK), +8801977317066 (Bangladesh).";

    public static readonly LeadError InvalidPhone = new(ErrorKind.Permanent, InvalidPhoneReason, InvalidPhoneHint);

    public static readonly string InvalidPhoneJson = System.Text.Json.JsonSerializer.Serialize(InvalidPhone, MessagingExtensions.JsonOptions);
}
