using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Schedule;

namespace LeadDialer.Dialer.Settings;

/// <summary>
/// The daily window as configured and as actually dialled. The dispatcher narrows the calling
/// schedule to the hard 08:00–21:00 limit unless its logged override is on
/// (<see cref="ComplianceRules.Apply"/>, ADR 0006); Settings and the throughput calculator show
/// the result next to the configuration, so the limit never narrows the schedule silently.
/// </summary>
/// <param name="Configured">The calling schedule's window, "HH:mm–HH:mm" local.</param>
/// <param name="Dialled">The window the dispatcher dials in; null when the schedule lies wholly outside the limit.</param>
/// <param name="ComplianceLimit">The hard limit, "08:00–21:00"; null while it is overridden.</param>
/// <param name="HoursPerDay">Length of the dialled window in hours (0 when nothing is dialled).</param>
/// <param name="UpcomingHolidays">Holidays from today on: no calls on those dates.</param>
/// <param name="Description">E.g. "dialled 09:00–20:00 local; compliance limit 08:00–21:00".</param>
public sealed record EffectiveWindow(
    string Configured,
    string? Dialled,
    string? ComplianceLimit,
    double HoursPerDay,
    int UpcomingHolidays,
    string Description)
{
    public static EffectiveWindow Of(CallingSchedule configured, ComplianceRules rules, DateOnly today)
    {
        var dialled = rules.Apply(configured);
        var open = dialled.EndMinute > dialled.StartMinute;
        var configuredText = Range(configured.StartMinute, configured.EndMinute);
        var dialledText = open ? Range(dialled.StartMinute, dialled.EndMinute) : null;
        var upcoming = rules.Holidays.Count(h => h >= today);
        var description = (open, rules.HardHoursEnforced) switch
        {
            (false, _) => $"never dialled: the schedule {configuredText} lies outside the compliance limit {ComplianceRules.PermittedHours}",
            (true, true) => $"dialled {dialledText} local; compliance limit {ComplianceRules.PermittedHours}",
            (true, false) => $"dialled {dialledText} local; compliance limit {ComplianceRules.PermittedHours} overridden",
        };
        if (upcoming > 0)
        {
            description += $"; no calls on {upcoming} upcoming {(upcoming == 1 ? "holiday" : "holidays")}";
        }

        return new(
            configuredText,
            dialledText,
            rules.HardHoursEnforced ? ComplianceRules.PermittedHours : null,
            open ? (dialled.EndMinute - dialled.StartMinute) / 60.0 : 0,
            upcoming,
            description);
    }

    static string Range(int start, int end) => $"{CallingSchedule.FormatMinute(start)}–{CallingSchedule.FormatMinute(end)}";
}
