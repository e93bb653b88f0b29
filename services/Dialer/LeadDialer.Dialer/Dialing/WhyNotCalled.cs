using System.Globalization;
using LeadDialer.Contracts;
using LeadDialer.Contracts.Dialing;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;

namespace LeadDialer.Dialer.Dialing;

/// <summary>
/// The guide's "Lead Stuck in Pending" causes, for one lead, in the order the dispatcher applies
/// them: auto-calling, agent, a temporary-error wait, the lead's calling hours, free call slots.
/// </summary>
public static class WhyNotCalled
{
    public static LeadDialingState Explain(LeadState saga, EffectiveCallingSettings settings, long callsInFlight, DateTimeOffset now)
    {
        var status = LeadStateMachine.StatusOf(saga.CurrentState);
        var (reason, message, until) = saga.CurrentState switch
        {
            nameof(LeadStateMachine.Pending) => Pending(saga, settings, callsInFlight, now),
            nameof(LeadStateMachine.Retry) => (WaitingReasons.RetryDelay, $"Waiting for the retry delay until {Utc(saga.RetryAt!.Value)} (attempt {saga.Attempts} of {saga.MaxAttempts} made)", saga.RetryAt),
            nameof(LeadStateMachine.InProgress) => (null, saga.ProviderCallId is null ? "Call being placed" : "Call in progress", (DateTimeOffset?)null),
            nameof(LeadStateMachine.Completed) => (null, saga.CompletedReason ?? "Call answered", null),
            _ => (null, saga.LastError?.Reason, null),
        };

        return new LeadDialingState(
            saga.CorrelationId,
            status,
            saga.Attempts,
            saga.MaxAttempts > 0 ? saga.MaxAttempts : settings.MaxAttempts,
            saga.InProgressSince,
            saga.RetryAt,
            reason,
            message,
            until);
    }

    static (string? Reason, string? Message, DateTimeOffset? Until) Pending(LeadState saga, EffectiveCallingSettings settings, long callsInFlight, DateTimeOffset now)
    {
        if (!settings.AutoCallingEnabled)
        {
            return (WaitingReasons.AutoCallingOff, "Auto-calling is disabled", null);
        }

        if (settings.Agent.Blocks is { } agent)
        {
            return (agent.Reason, agent.Message, null);
        }

        if (saga.DialRequestedAt is not null)
        {
            return (null, "Being dialled", null);
        }

        if (saga.ReadyAt > now)
        {
            return (WaitingReasons.BackingOff, $"Backing off until {Utc(saga.ReadyAt)} after a temporary error ({saga.TemporaryFailures} in a row)", saga.ReadyAt);
        }

        var zone = saga.TimeZone ?? LeadTimeZone.Of(saga.Lead);
        if (!settings.Schedule.IsOpen(now, zone) && settings.Schedule.NextOpening(now, zone) is { } opening)
        {
            var local = TimeZoneInfo.ConvertTime(now, settings.Schedule.ZoneOf(zone));
            return (WaitingReasons.OutsideCallingHours,
                $"Outside calling hours until {CallingSchedule.Describe(opening, local)} local ({settings.Schedule.ZoneNameOf(zone)})",
                opening);
        }

        if (callsInFlight >= settings.MaxConcurrentCalls)
        {
            return (WaitingReasons.AtMaxConcurrentCalls, $"At max concurrent calls ({callsInFlight} of {settings.MaxConcurrentCalls} in progress)", null);
        }

        return (null, "Ready to call: next in line for a free slot", null);
    }

    static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
