using System.Globalization;
using LeadDialer.Contracts;
using LeadDialer.Contracts.Dialing;
using LeadDialer.Contracts.Errors;
using LeadDialer.Dialer.Compliance;
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
    /// <summary>What the Dialer knows about the lead's number: listed as do-not-call, and its recent calls (any lead).</summary>
    public sealed record NumberFacts(bool OnDoNotCallList, IReadOnlyList<DateTimeOffset> RecentCalls)
    {
        public static readonly NumberFacts None = new(false, []);
    }

    public static LeadDialingState Explain(LeadState saga, EffectiveCallingSettings settings, long callsInFlight, DateTimeOffset now, NumberFacts? number = null)
    {
        var status = LeadStateMachine.StatusOf(saga.CurrentState);
        var (reason, message, until) = saga.CurrentState switch
        {
            LeadStates.Pending => Pending(saga, settings, callsInFlight, now, number ?? NumberFacts.None),
            LeadStates.Retry => (WaitingReasons.RetryDelay, $"Waiting for the retry delay until {Utc(saga.RetryAt!.Value)} (attempt {saga.Attempts} of {saga.MaxAttempts} made)", saga.RetryAt),
            LeadStates.InProgress => (null, saga.ProviderCallId is null ? "Call being placed" : "Call in progress", (DateTimeOffset?)null),
            LeadStates.Completed => (null, saga.CompletedReason ?? "Call answered", null),
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

    static (string? Reason, string? Message, DateTimeOffset? Until) Pending(LeadState saga, EffectiveCallingSettings settings, long callsInFlight, DateTimeOffset now, NumberFacts number)
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

        // The compliance rules, in the order the dispatcher's skip audit applies them (Saga/Persistence/LeadSagaQueries).
        var compliance = settings.Compliance;
        if (compliance is { RequireConsent: true } && saga.Lead.ConsentCapturedAt is null)
        {
            return (WaitingReasons.ConsentRequired, "Consent required: the lead has no recorded consent (consentCapturedAt). Record it on the lead, or turn \"require consent\" off.", null);
        }

        if (number.OnDoNotCallList)
        {
            return (WaitingReasons.OnDoNotCallList, GuideErrors.OnDoNotCallList.Reason, null);
        }

        var zone = saga.TimeZone;
        var dialing = settings.DialingSchedule;
        var zoneName = settings.Schedule.ZoneNameOf(zone);
        var local = TimeZoneInfo.ConvertTime(now, settings.Schedule.ZoneOf(zone));
        if (!dialing.IsOpen(now, zone) && dialing.NextOpening(now, zone) is { } opening)
        {
            var until = $"{CallingSchedule.Describe(opening, local)} local ({zoneName})";
            if (dialing.IsHoliday(local.Date))
            {
                return (WaitingReasons.Holiday, $"Holiday: {local:yyyy-MM-dd}, no calls until {until}", opening);
            }

            return compliance is { HardHoursEnforced: true } && settings.Schedule.IsOpen(now, zone)
                ? (WaitingReasons.OutsidePermittedHours, $"Outside permitted calling hours ({CallingSchedule.FormatMinute(ComplianceRules.PermittedStartMinute)}–{CallingSchedule.FormatMinute(ComplianceRules.PermittedEndMinute)} local) until {until}", opening)
                : (WaitingReasons.OutsideCallingHours, $"Outside calling hours until {until}", opening);
        }

        if (compliance is { CapsOn: true } && CapLiftsAt(compliance, number.RecentCalls, now, local, settings.Schedule.ZoneOf(zone)) is { } lifts)
        {
            return (WaitingReasons.NumberCallLimit,
                $"Daily call limit for this number reached until {CallingSchedule.Describe(TimeZoneInfo.ConvertTime(lifts, settings.Schedule.ZoneOf(zone)), local)} local ({zoneName})",
                lifts);
        }

        if (callsInFlight >= settings.MaxConcurrentCalls)
        {
            return (WaitingReasons.AtMaxConcurrentCalls, $"At max concurrent calls ({callsInFlight} of {settings.MaxConcurrentCalls} in progress)", null);
        }

        return (null, "Ready to call: next in line for a free slot", null);
    }

    /// <summary>When the number may be called again under the caps, or null when no cap is reached.</summary>
    internal static DateTimeOffset? CapLiftsAt(ComplianceRules rules, IReadOnlyList<DateTimeOffset> calls, DateTimeOffset now, DateTimeOffset local, TimeZoneInfo zone)
    {
        DateTimeOffset? lifts = null;
        if (rules.MaxCallsPer24Hours is { } perDay)
        {
            var recent = calls.Where(c => c > now - TimeSpan.FromHours(24)).Order().ToList();
            if (recent.Count >= perDay)
            {
                // The call that has to age out of the 24 hours for one more to fit.
                lifts = recent[recent.Count - perDay] + TimeSpan.FromHours(24);
            }
        }

        if (rules.MaxCallsPerLocalDay is { } perLocalDay)
        {
            var midnight = new DateTimeOffset(local.Date, local.Offset);
            if (calls.Count(c => c >= midnight) >= perLocalDay)
            {
                var next = DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified);
                var nextMidnight = new DateTimeOffset(next, zone.GetUtcOffset(next));
                lifts = lifts is { } l && l > nextMidnight ? l : nextMidnight;
            }
        }

        return lifts;
    }

    static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
