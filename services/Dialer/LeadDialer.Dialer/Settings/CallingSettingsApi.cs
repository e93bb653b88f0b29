using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
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

    public sealed record CallingSettingsResponse(bool AutoCallingEnabled, int MaxConcurrentCalls, int RetryDelayHours, int MaxAttempts, DateTimeOffset UpdatedAt);

    /// <summary>Fields left out keep their current value.</summary>
    public sealed record CallingSettingsRequest(bool? AutoCallingEnabled, int? MaxConcurrentCalls, int? RetryDelayHours, int? MaxAttempts);

    public static IEndpointRouteBuilder MapCallingSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/settings/calling").WithTags("Calling configuration");
        api.MapGet("/", Get).WithSummary("The calling configuration in force.");
        api.MapPut("/", Put).WithSummary("Change the calling configuration; applies from the next dispatch cycle. Fields left out keep their value.")
            .WithRequestExample(new { autoCallingEnabled = true, maxConcurrentCalls = 5, retryDelayHours = 24, maxAttempts = 3 });
        return app;
    }

    static async Task<Ok<CallingSettingsResponse>> Get(DialerDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToResponse(await db.CallingSettings.SingleAsync(s => s.Id == CallingSettings.SingletonId, cancellationToken)));

    static async Task<Results<Ok<CallingSettingsResponse>, ValidationProblem>> Put(
        CallingSettingsRequest request, DialerDbContext db, DispatchSignal dispatch, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The calling configuration is not valid.");
        }

        var settings = await db.CallingSettings.SingleAsync(s => s.Id == CallingSettings.SingletonId, cancellationToken);
        settings.AutoCallingEnabled = request.AutoCallingEnabled ?? settings.AutoCallingEnabled;
        settings.MaxConcurrentCalls = request.MaxConcurrentCalls ?? settings.MaxConcurrentCalls;
        settings.RetryDelayHours = request.RetryDelayHours ?? settings.RetryDelayHours;
        settings.MaxAttempts = request.MaxAttempts ?? settings.MaxAttempts;
        settings.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        dispatch.Notify();
        return TypedResults.Ok(ToResponse(settings));
    }

    internal static Dictionary<string, string[]> Validate(CallingSettingsRequest request)
    {
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

        return errors;
    }

    static CallingSettingsResponse ToResponse(CallingSettings s) =>
        new(s.AutoCallingEnabled, s.MaxConcurrentCalls, s.RetryDelayHours, s.MaxAttempts, s.UpdatedAt);
}
