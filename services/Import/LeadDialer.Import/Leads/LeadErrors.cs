using LeadDialer.Contracts;
using LeadDialer.Messaging;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Import.Leads;

/// <summary>The guide's words for a lead whose phone is not valid: the same reason and hint "Add Lead" stores (<see cref="PhoneNumberErrors"/>).</summary>
public static class LeadErrors
{
    public static readonly LeadError InvalidPhone = PhoneNumberErrors.InvalidFormat;

    public static readonly string InvalidPhoneJson = System.Text.Json.JsonSerializer.Serialize(InvalidPhone, LeadDialerJson.Options);
}
