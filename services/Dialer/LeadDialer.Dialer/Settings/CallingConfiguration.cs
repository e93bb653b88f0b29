using LeadDialer.Contracts.Dialing;
using LeadDialer.Contracts.Errors;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Schedule;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadDialer.Dialer.Settings;

/// <summary>The calling configuration in force now: the stored settings, with the test-only retry delay applied.</summary>
public sealed record EffectiveCallingSettings(
    bool AutoCallingEnabled,
    int MaxConcurrentCalls,
    TimeSpan RetryDelay,
    int MaxAttempts,
    CallingSchedule Schedule,
    AgentChoice Agent,
    ComplianceRules? Compliance = null)
{
    /// <summary>
    /// The window the dispatcher actually dials in: the calling schedule within the hard
    /// 08:00–21:00 limit, minus holidays. Without compliance rules (unit specs), the schedule.
    /// </summary>
    public CallingSchedule DialingSchedule => Compliance?.Apply(Schedule) ?? Schedule;
}

/// <summary>
/// The agent dispatch calls with. While the Dialer has never heard of any agent it dials with
/// <c>AgentId = null</c> (ProviderGateway's default agent), so a fresh system calls at once; once
/// agents are known, one must be selected and not paused.
/// </summary>
public sealed record AgentChoice(Guid? AgentId, bool AnyAgentKnown, bool SelectedExists, bool Paused, string? PausedReason)
{
    public static readonly AgentChoice NoneKnown = new(null, false, false, false, null);

    /// <summary>Why dispatch is held back for every lead, or null when it may go on.</summary>
    public (string Reason, string Message)? Blocks => this switch
    {
        { AgentId: null, AnyAgentKnown: false } => null,
        { AgentId: null } or { SelectedExists: false } => (WaitingReasons.NoAgentSelected, "No agent selected"),
        { Paused: true } => (WaitingReasons.AgentPaused, $"{GuideErrors.AgentPaused.Reason}: {PausedReason}"),
        _ => null,
    };
}

public sealed class CallingConfiguration(IServiceScopeFactory scopes, IOptions<DialerOptions> options)
{
    public async Task<EffectiveCallingSettings> Current(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DialerDbContext>();
        var stored = await db.CallingSettings.AsNoTracking().SingleAsync(s => s.Id == CallingSettings.SingletonId, cancellationToken);
        var selected = stored.AgentId is { } agentId
            ? await db.Agents.AsNoTracking().Where(a => a.AgentId == agentId && a.DeletedAt == null).SingleOrDefaultAsync(cancellationToken)
            : null;
        // Once live agents exist, calling needs one selected. With every agent deleted there is nothing
        // to select, so calls go to ProviderGateway's default agent again, as on a fresh system.
        var anyKnown = selected is not null || await db.Agents.AnyAsync(a => a.DeletedAt == null, cancellationToken);
        return new EffectiveCallingSettings(
            stored.AutoCallingEnabled,
            stored.MaxConcurrentCalls,
            options.Value.TestingRetryDelay ?? TimeSpan.FromHours(stored.RetryDelayHours),
            stored.MaxAttempts,
            ToSchedule(stored),
            new AgentChoice(stored.AgentId, anyKnown, selected is not null, selected?.Paused ?? false, selected?.PausedReason),
            ComplianceRules.From(await db.ComplianceSettings.AsNoTracking().SingleAsync(s => s.Id == ComplianceSettings.SingletonId, cancellationToken)));
    }

    public static CallingSchedule ToSchedule(CallingSettings s) =>
        new(s.CallingDays.Select(CallingSchedule.FromIsoDay).ToHashSet(), s.CallingHoursStart, s.CallingHoursEnd, s.DefaultTimeZone);
}
