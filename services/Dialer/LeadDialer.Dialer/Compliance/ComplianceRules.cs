using LeadDialer.Dialer.Schedule;

namespace LeadDialer.Dialer.Compliance;

/// <summary>The compliance settings in force, as the dispatcher and the "why not called" messages apply them.</summary>
public sealed record ComplianceRules(
    bool HardHoursEnforced,
    IReadOnlySet<DateOnly> Holidays,
    int? MaxCallsPer24Hours,
    int? MaxCallsPerLocalDay,
    bool RequireConsent,
    string? OptOutAnalysisField,
    IReadOnlyList<string> OptOutPhrases)
{
    /// <summary>The hard limit (FCC/TCPA): no call before 08:00 or from 21:00 on, in the called person's local time.</summary>
    public const int PermittedStartMinute = 8 * 60;

    public const int PermittedEndMinute = 21 * 60;

    /// <summary>The hard limit as Settings shows it, "08:00–21:00".</summary>
    public static readonly string PermittedHours = $"{CallingSchedule.FormatMinute(PermittedStartMinute)}–{CallingSchedule.FormatMinute(PermittedEndMinute)}";

    public static readonly ComplianceRules Default = From(ComplianceSettings.Defaults);

    public bool CapsOn => MaxCallsPer24Hours is not null || MaxCallsPerLocalDay is not null;

    /// <summary>The schedule within the hard limit (unless overridden), with the holidays.</summary>
    public CallingSchedule Apply(CallingSchedule schedule) => schedule with
    {
        StartMinute = HardHoursEnforced ? Math.Max(schedule.StartMinute, PermittedStartMinute) : schedule.StartMinute,
        EndMinute = HardHoursEnforced ? Math.Min(schedule.EndMinute, PermittedEndMinute) : schedule.EndMinute,
        Holidays = Holidays,
    };

    public static ComplianceRules From(ComplianceSettings s) => new(
        !s.HardHoursOverride,
        s.Holidays.ToHashSet(),
        s.MaxCallsPer24Hours,
        s.MaxCallsPerLocalDay,
        s.RequireConsent,
        string.IsNullOrWhiteSpace(s.OptOutAnalysisField) ? null : s.OptOutAnalysisField,
        s.OptOutPhrases);
}
