namespace LeadDialer.Dialer.Compliance;

/// <summary>
/// Settings → Compliance: one row, read by the dispatcher every cycle with the calling settings.
/// Everything is off by default except the hard 08:00–21:00 limit (FCC 24-17 / TCPA calling hours).
/// </summary>
public sealed class ComplianceSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>
    /// Lifts the hard 08:00–21:00 local limit, leaving only the calling schedule. Every change is
    /// logged (warning) and kept in <see cref="HardHoursOverrideChangedAt"/>.
    /// </summary>
    public bool HardHoursOverride { get; set; }

    public DateTimeOffset? HardHoursOverrideChangedAt { get; set; }

    /// <summary>Dates (in the lead's local calendar) on which nobody is called.</summary>
    public DateOnly[] Holidays { get; set; } = [];

    /// <summary>At most this many calls per phone number in any rolling 24 hours (all leads together); null: no cap.</summary>
    public int? MaxCallsPer24Hours { get; set; }

    /// <summary>At most this many calls per phone number per calendar day in the lead's local time; null: no cap.</summary>
    public int? MaxCallsPerLocalDay { get; set; }

    /// <summary>Leads without recorded consent (<c>consentCapturedAt</c>) are not dialled.</summary>
    public bool RequireConsent { get; set; }

    /// <summary>
    /// The key in the provider's analysis data (Retell <c>call_analysis.custom_analysis_data</c>, Vapi
    /// <c>analysis.structuredData</c>) whose true / "yes" value means the person opted out; null: not used.
    /// </summary>
    public string? OptOutAnalysisField { get; set; }

    /// <summary>Phrases that, found in a call's transcript (case-insensitive), mean the person opted out.</summary>
    public string[] OptOutPhrases { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public static ComplianceSettings Defaults => new() { UpdatedAt = DateTimeOffset.UnixEpoch };
}
