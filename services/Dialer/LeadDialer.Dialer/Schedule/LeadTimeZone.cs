using LeadDialer.Contracts;
using PhoneNumbers;

namespace LeadDialer.Dialer.Schedule;

/// <summary>
/// Which time zone a lead's calling hours are read in: the lead's own timezone field; else the one
/// zone libphonenumber maps the number to (a US number may span several zones: then none); else
/// the account's default, stored as NULL so a change of the default applies at once. Resolved once,
/// whenever a saga row is written (<see cref="Saga.Persistence.LeadSagaQueries"/>).
/// </summary>
public static class LeadTimeZone
{
    static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    static readonly PhoneNumberToTimeZonesMapper Zones = PhoneNumberToTimeZonesMapper.GetInstance();

    /// <summary>The account default: the zone is taken from the calling configuration when dialing.</summary>
    public const string? AccountDefault = null;

    public static string? Of(LeadDetails lead)
    {
        if (!string.IsNullOrWhiteSpace(lead.Timezone) && IsKnown(lead.Timezone.Trim()))
        {
            return lead.Timezone.Trim();
        }

        try
        {
            var number = Phones.Parse(lead.Phone, null);
            var zones = Zones.GetTimeZonesForNumber(number);
            // An unrecognised number maps to "Etc/Unknown", which is not a known zone.
            if (zones.Count == 1 && IsKnown(zones[0]))
            {
                return zones[0];
            }
        }
        catch (NumberParseException)
        {
            // Not an E.164 number (Leads rejects those before they get here): no zone from it.
        }

        return AccountDefault;
    }

    public static bool IsKnown(string zone) => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info) && info.HasIanaId;
}
