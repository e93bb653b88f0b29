using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Schedule;
using LeadDialer.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Settings;

/// <summary>Settings → Calling Configuration.</summary>
public static class CallingSettingsApi
{
    public const int MinRetryDelayHours = 1;
    public const int MaxRetryDelayHours = 168;
    public const int MaxMaxAttempts = 20;
    public const int MaxMaxConcurrentCalls = 1000;

    /// <param name="CallingDays">Day names (Monday … Sunday) on which leads may be called, in each lead's local time.</param>
    /// <param name="CallingHoursStart">Local time the daily window opens, "HH:mm".</param>
    /// <param name="CallingHoursEnd">Local time the daily window closes (exclusive), "HH:mm"; "24:00" is the end of the day.</param>
    /// <param name="DefaultTimeZone">IANA zone for leads whose own zone is unknown (no timezone field, number spans several zones).</param>
    /// <param name="AgentId">The agent leads are called with; null while none is selected.</param>
    /// <param name="EffectiveWindow">The window actually dialled next to the configured one: the schedule within the hard 08:00–21:00 limit (unless overridden in Settings → Compliance), and the holidays.</param>
    public sealed record CallingSettingsResponse(
        bool AutoCallingEnabled,
        int MaxConcurrentCalls,
        int RetryDelayHours,
        int MaxAttempts,
        DateTimeOffset UpdatedAt,
        IReadOnlyList<string> CallingDays,
        string CallingHoursStart,
        string CallingHoursEnd,
        string DefaultTimeZone,
        Guid? AgentId,
        EffectiveWindow EffectiveWindow);

    /// <summary>Fields left out keep their current value.</summary>
    public sealed record CallingSettingsRequest(
        bool? AutoCallingEnabled,
        int? MaxConcurrentCalls,
        int? RetryDelayHours,
        int? MaxAttempts,
        IReadOnlyList<string>? CallingDays = null,
        string? CallingHoursStart = null,
        string? CallingHoursEnd = null,
        string? DefaultTimeZone = null,
        Guid? AgentId = null);

    public static IEndpointRouteBuilder MapCallingSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/settings/calling").WithTags("Calling configuration");
        api.MapGet("/", Get).WithSummary("The calling configuration in force.");
        api.MapPut("/", Put)
            .WithSummary("Change the calling configuration; applies from the next dispatch cycle. Fields left out keep their value.")
            .WithRequestExample(new { autoCallingEnabled = true, maxConcurrentCalls = 5, retryDelayHours = 24, maxAttempts = 3, callingDays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }, callingHoursStart = "09:00", callingHoursEnd = "20:00" })
            .ProducesValidationProblem();
        return app;
    }

    static async Task<Ok<CallingSettingsResponse>> Get(DialerDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ToResponse(await db.CallingSettings.AsNoTracking().SingleAsync(s => s.Id == CallingSettings.SingletonId, cancellationToken), db, clock, cancellationToken));

    static async Task<Results<Ok<CallingSettingsResponse>, ValidationProblem>> Put(
        CallingSettingsRequest request, DialerDbContext db, DispatchSignal dispatch, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = await db.CallingSettings.SingleAsync(s => s.Id == CallingSettings.SingletonId, cancellationToken);
        var errors = Validate(request, settings);
        if (request.AgentId is { } agentId && !await db.Agents.AnyAsync(a => a.AgentId == agentId && a.DeletedAt == null, cancellationToken))
        {
            errors["agentId"] = [$"No agent {agentId} is known. Choose one of the agents listed by GET /api/agents."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The calling configuration is not valid.");
        }

        settings.AutoCallingEnabled = request.AutoCallingEnabled ?? settings.AutoCallingEnabled;
        settings.MaxConcurrentCalls = request.MaxConcurrentCalls ?? settings.MaxConcurrentCalls;
        settings.RetryDelayHours = request.RetryDelayHours ?? settings.RetryDelayHours;
        settings.MaxAttempts = request.MaxAttempts ?? settings.MaxAttempts;
        settings.CallingDays = request.CallingDays is { } days ? ParseDays(days).Select(CallingSchedule.IsoDay).Order().ToArray() : settings.CallingDays;
        settings.CallingHoursStart = CallingSchedule.ParseMinute(request.CallingHoursStart) ?? settings.CallingHoursStart;
        settings.CallingHoursEnd = CallingSchedule.ParseMinute(request.CallingHoursEnd) ?? settings.CallingHoursEnd;
        settings.DefaultTimeZone = request.DefaultTimeZone?.Trim() ?? settings.DefaultTimeZone;
        settings.AgentId = request.AgentId ?? settings.AgentId;
        settings.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        dispatch.Notify();
        return TypedResults.Ok(await ToResponse(settings, db, clock, cancellationToken));
    }

    /// <summary>Checks the request on its own and against the stored settings it would change (the window's two ends).</summary>
    internal static Dictionary<string, string[]> Validate(CallingSettingsRequest request, CallingSettings? current = null)
    {
        current ??= CallingSettings.Defaults;
        var errors = new Dictionary<string, string[]>();
        if (request.RetryDelayHours is { } delay && delay is < MinRetryDelayHours or > MaxRetryDelayHours)
        {
            errors["retryDelayHours"] = [$"Retry delay must be between {MinRetryDelayHours} and {MaxRetryDelayHours} hours (7 days); got {delay}."];
        }

        if (request.MaxAttempts is { } attempts && attempts is < 1 or > MaxMaxAttempts)
        {
            errors["maxAttempts"] = [$"Max attempts must be between 1 and {MaxMaxAttempts}; got {attempts}. 2-3 attempts are usually sufficient."];
        }

        if (request.MaxConcurrentCalls is { } concurrent && concurrent is < 1 or > MaxMaxConcurrentCalls)
        {
            errors["maxConcurrentCalls"] = [$"Max concurrent calls must be between 1 and {MaxMaxConcurrentCalls}; got {concurrent}. To stop calling, turn auto-calling off instead."];
        }

        if (request.CallingDays is { } days)
        {
            var unknown = days.Where(d => !Enum.TryParse<DayOfWeek>(d, ignoreCase: true, out _) || int.TryParse(d, out _)).ToList();
            if (unknown.Count > 0)
            {
                errors["callingDays"] = [$"Not a day of the week: {string.Join(", ", unknown.Select(d => $"'{d}'"))}. Use day names such as \"Monday\", \"Tuesday\" … \"Sunday\"."];
            }
            else if (days.Count == 0)
            {
                errors["callingDays"] = ["At least one calling day is needed. To stop calling, turn auto-calling off instead."];
            }
        }

        var start = CallingSchedule.ParseMinute(request.CallingHoursStart);
        var end = CallingSchedule.ParseMinute(request.CallingHoursEnd);
        if (request.CallingHoursStart is { } startText && (start is null || start == CallingSchedule.MinutesPerDay))
        {
            errors["callingHoursStart"] = [$"'{startText}' is not a time of day. Use 24-hour \"HH:mm\" from \"00:00\" to \"23:59\", e.g. \"09:00\"."];
        }

        if (request.CallingHoursEnd is { } endText && end is null)
        {
            errors["callingHoursEnd"] = [$"'{endText}' is not a time of day. Use 24-hour \"HH:mm\" from \"00:01\" to \"24:00\" (end of day), e.g. \"20:00\"."];
        }

        if (!errors.ContainsKey("callingHoursStart") && !errors.ContainsKey("callingHoursEnd")
            && (start ?? current.CallingHoursStart) >= (end ?? current.CallingHoursEnd))
        {
            errors["callingHoursEnd"] =
            [
                $"Calling hours must end after they start: {CallingSchedule.FormatMinute(start ?? current.CallingHoursStart)}–{CallingSchedule.FormatMinute(end ?? current.CallingHoursEnd)} local. " +
                "A window cannot cross midnight; use \"24:00\" as the end of the day.",
            ];
        }

        if (request.DefaultTimeZone is { } zone && !LeadTimeZone.IsKnown(zone.Trim()))
        {
            errors["defaultTimeZone"] = [$"'{zone}' is not an IANA time zone name. Use a name such as America/New_York, Europe/London or UTC."];
        }

        return errors;
    }

    static IEnumerable<DayOfWeek> ParseDays(IEnumerable<string> days) =>
        days.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).Distinct();

    static async Task<CallingSettingsResponse> ToResponse(CallingSettings s, DialerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var compliance = ComplianceRules.From(await db.ComplianceSettings.AsNoTracking().SingleAsync(c => c.Id == ComplianceSettings.SingletonId, cancellationToken));
        var schedule = CallingConfiguration.ToSchedule(s);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), schedule.ZoneOf(null)).DateTime);
        return new(
            s.AutoCallingEnabled,
            s.MaxConcurrentCalls,
            s.RetryDelayHours,
            s.MaxAttempts,
            s.UpdatedAt,
            s.CallingDays.Order().Select(d => CallingSchedule.FromIsoDay(d).ToString()).ToList(),
            CallingSchedule.FormatMinute(s.CallingHoursStart),
            CallingSchedule.FormatMinute(s.CallingHoursEnd),
            s.DefaultTimeZone,
            s.AgentId,
            EffectiveWindow.Of(schedule, compliance, today));
    }
}
