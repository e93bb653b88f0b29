using System.Globalization;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Schedule;
using LeadDialer.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Compliance;

/// <summary>Settings → Compliance: hard calling hours, holidays, per-number caps, consent, opt-out detection.</summary>
public static class ComplianceSettingsApi
{
    public const int MaxCap = 100;

    /// <summary>Named cap presets, e.g. Florida's (FTSA) 3 calls per number per 24 hours.</summary>
    public static readonly IReadOnlyDictionary<string, (int? Per24Hours, int? PerLocalDay)> Presets =
        new Dictionary<string, (int?, int?)>(StringComparer.OrdinalIgnoreCase)
        {
            ["florida"] = (3, null),
            ["none"] = (null, null),
        };

    /// <param name="HardHoursOverride">true lifts the hard 08:00–21:00 local limit (logged); the calling schedule alone then applies.</param>
    /// <param name="PermittedHours">The hard limit, local time of the called person.</param>
    /// <param name="Holidays">Dates ("yyyy-MM-dd", the lead's local calendar) with no calls.</param>
    /// <param name="MaxCallsPer24Hours">Calls per phone number in any rolling 24 hours, all leads together; null: no cap.</param>
    /// <param name="MaxCallsPerLocalDay">Calls per phone number per local calendar day; null: no cap.</param>
    /// <param name="RequireConsent">Leads without consentCapturedAt are not dialled.</param>
    /// <param name="OptOutAnalysisField">Key of the provider's analysis data (Retell custom_analysis_data, Vapi structuredData) meaning "opted out" when true.</param>
    /// <param name="OptOutPhrases">Transcript phrases meaning "opted out" (case-insensitive).</param>
    public sealed record ComplianceSettingsResponse(
        bool HardHoursOverride,
        DateTimeOffset? HardHoursOverrideChangedAt,
        string PermittedHours,
        IReadOnlyList<string> Holidays,
        int? MaxCallsPer24Hours,
        int? MaxCallsPerLocalDay,
        bool RequireConsent,
        string? OptOutAnalysisField,
        IReadOnlyList<string> OptOutPhrases,
        DateTimeOffset UpdatedAt);

    /// <summary>Fields left out keep their value. A cap of 0 turns it off; <c>preset</c> ("florida", "none") sets both caps.</summary>
    public sealed record ComplianceSettingsRequest(
        bool? HardHoursOverride = null,
        IReadOnlyList<string>? Holidays = null,
        int? MaxCallsPer24Hours = null,
        int? MaxCallsPerLocalDay = null,
        bool? RequireConsent = null,
        string? OptOutAnalysisField = null,
        IReadOnlyList<string>? OptOutPhrases = null,
        string? Preset = null);

    public static IEndpointRouteBuilder MapComplianceSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/settings/compliance").WithTags("Compliance");
        api.MapGet("/", Get).WithSummary("The compliance settings in force: hard calling hours, holidays, per-number caps, consent, opt-out detection.");
        api.MapPut("/", Put)
            .WithSummary("Change the compliance settings; applies from the next dispatch cycle. Fields left out keep their value; a cap of 0 turns it off.")
            .WithRequestExample(new { preset = "florida", holidays = new[] { "2026-12-25" }, requireConsent = true, optOutAnalysisField = "opted_out", optOutPhrases = new[] { "stop calling", "remove me from your list" } })
            .ProducesValidationProblem();
        return app;
    }

    static async Task<Ok<ComplianceSettingsResponse>> Get(DialerDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToResponse(await db.ComplianceSettings.AsNoTracking().SingleAsync(s => s.Id == ComplianceSettings.SingletonId, cancellationToken)));

    static async Task<Results<Ok<ComplianceSettingsResponse>, ValidationProblem>> Put(
        ComplianceSettingsRequest request, DialerDbContext db, DispatchSignal dispatch, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The compliance settings are not valid.");
        }

        var settings = await db.ComplianceSettings.SingleAsync(s => s.Id == ComplianceSettings.SingletonId, cancellationToken);
        var now = clock.GetUtcNow();
        if (request.HardHoursOverride is { } hardOverride && hardOverride != settings.HardHoursOverride)
        {
            // The override must leave a trace: who looks at the logs sees when calls outside 08:00–21:00 became possible.
            loggers.CreateLogger("LeadDialer.Dialer.Compliance").LogWarning(
                hardOverride
                    ? "Compliance: the hard 08:00–21:00 calling-hours limit was OVERRIDDEN at {At}; leads may be called at any hour their calling schedule allows"
                    : "Compliance: the hard 08:00–21:00 calling-hours limit is enforced again from {At}",
                now);
            settings.HardHoursOverride = hardOverride;
            settings.HardHoursOverrideChangedAt = now;
        }

        if (request.Preset is { } preset)
        {
            (settings.MaxCallsPer24Hours, settings.MaxCallsPerLocalDay) = Presets[preset.Trim()];
        }

        if (request.MaxCallsPer24Hours is { } per24)
        {
            settings.MaxCallsPer24Hours = per24 == 0 ? null : per24;
        }

        if (request.MaxCallsPerLocalDay is { } perDay)
        {
            settings.MaxCallsPerLocalDay = perDay == 0 ? null : perDay;
        }

        settings.Holidays = request.Holidays is { } holidays
            ? holidays.Select(h => DateOnly.ParseExact(h.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture)).Distinct().Order().ToArray()
            : settings.Holidays;
        settings.RequireConsent = request.RequireConsent ?? settings.RequireConsent;
        if (request.OptOutAnalysisField is { } field)
        {
            settings.OptOutAnalysisField = string.IsNullOrWhiteSpace(field) ? null : field.Trim();
        }

        settings.OptOutPhrases = request.OptOutPhrases is { } phrases
            ? phrases.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()
            : settings.OptOutPhrases;
        settings.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        dispatch.Notify();
        return TypedResults.Ok(ToResponse(settings));
    }

    internal static Dictionary<string, string[]> Validate(ComplianceSettingsRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Preset is { } preset && !Presets.ContainsKey(preset.Trim()))
        {
            errors["preset"] = [$"Unknown preset '{preset}'. Use one of: {string.Join(", ", Presets.Keys.Select(k => $"\"{k}\""))}."];
        }

        if (request.MaxCallsPer24Hours is { } per24 && per24 is < 0 or > MaxCap)
        {
            errors["maxCallsPer24Hours"] = [$"Calls per number per 24 hours must be between 1 and {MaxCap}, or 0 for no cap; got {per24}."];
        }

        if (request.MaxCallsPerLocalDay is { } perDay && perDay is < 0 or > MaxCap)
        {
            errors["maxCallsPerLocalDay"] = [$"Calls per number per local day must be between 1 and {MaxCap}, or 0 for no cap; got {perDay}."];
        }

        if (request.Holidays is { } holidays)
        {
            var bad = holidays.Where(h => h is null || !DateOnly.TryParseExact(h.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)).ToList();
            if (bad.Count > 0)
            {
                errors["holidays"] = [$"Not a date: {string.Join(", ", bad.Select(b => $"'{b}'"))}. Write holidays as \"yyyy-MM-dd\", e.g. \"2026-12-25\"."];
            }
            else if (holidays.Count > 366)
            {
                errors["holidays"] = [$"At most 366 holidays; got {holidays.Count}. Remove past dates."];
            }
        }

        if (request.OptOutAnalysisField is { Length: > 100 } field)
        {
            errors["optOutAnalysisField"] = [$"The analysis field name is {field.Length} characters long; at most 100."];
        }

        if (request.OptOutPhrases is { } phrases && (phrases.Count > 50 || phrases.Any(p => p is null || p.Length > 200)))
        {
            errors["optOutPhrases"] = ["At most 50 opt-out phrases of at most 200 characters each."];
        }

        return errors;
    }

    static ComplianceSettingsResponse ToResponse(ComplianceSettings s) => new(
        s.HardHoursOverride,
        s.HardHoursOverrideChangedAt,
        ComplianceRules.PermittedHours,
        s.Holidays.Order().Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
        s.MaxCallsPer24Hours,
        s.MaxCallsPerLocalDay,
        s.RequireConsent,
        s.OptOutAnalysisField,
        s.OptOutPhrases,
        s.UpdatedAt);
}
