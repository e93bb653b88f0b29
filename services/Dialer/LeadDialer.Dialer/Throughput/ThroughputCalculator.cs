using static System.FormattableString;

namespace LeadDialer.Dialer.Throughput;

/// <summary>The guide's Voice Throughput Calculator: "Estimate your calling capacity based on concurrency, call duration, and batch frequency."</summary>
/// <param name="DispatchIntervalSeconds">How often a dispatch cycle runs when nothing wakes it earlier.</param>
/// <param name="BatchSize">Most calls one cycle may start.</param>
/// <param name="CallingHoursPerDay">Hours actually dialled on a calling day: the schedule within the hard limit.</param>
/// <param name="AnswerRate">Share of calls answered, 0–1.</param>
/// <param name="CallingDays">Days of the week leads are called on.</param>
/// <param name="Holidays">Dates with no calls.</param>
/// <param name="StartDate">The first day the estimate may call on (the next opening of the window).</param>
public sealed record ThroughputInputs(
    int Concurrency,
    double AverageCallSeconds,
    double DispatchIntervalSeconds,
    int BatchSize,
    double CallingHoursPerDay,
    double AnswerRate,
    int MaxAttempts,
    double RetryDelayHours,
    long Leads,
    IReadOnlyList<DayOfWeek> CallingDays,
    IReadOnlyList<DateOnly> Holidays,
    DateOnly StartDate);

/// <summary>One round of the simulation: every lead still open gets its next attempt.</summary>
/// <param name="StartsAfterDays">Calendar days from the first call to the round's first call.</param>
/// <param name="EndsAfterDays">Calendar days from the first call to the round's last call.</param>
public sealed record ThroughputRound(int Attempt, double Calls, double StartsAfterDays, double EndsAfterDays);

/// <param name="CalendarDays">Days from the first call to the last, as a calendar counts them (weekends, holidays and nights included).</param>
/// <param name="CallingDays">Calling days from the first call to the last, both included.</param>
/// <param name="FinishDate">The calling day of the last call.</param>
/// <param name="Binds">The limit that sets the pace: concurrency, dispatch or retry-delay.</param>
/// <param name="Window">The configured and the dialled window (set by the API from the live settings).</param>
/// <param name="Defaults">Where the call length and answer rate came from (set by the API).</param>
public sealed record ThroughputEstimate(
    ThroughputInputs Inputs,
    double CallsPerHour,
    double CallsPerHourAllowedByConcurrency,
    double CallsPerHourAllowedByDispatch,
    double CallsPerLead,
    double CallsPerDay,
    double LeadsFinishedPerDay,
    double CalendarDays,
    long CallingDays,
    DateOnly? FinishDate,
    IReadOnlyList<ThroughputRound> Rounds,
    string Binds,
    string Explanation,
    Settings.EffectiveWindow? Window = null,
    ThroughputDefaults? Defaults = null);

public static class ThroughputCalculator
{
    public static ThroughputEstimate Estimate(ThroughputInputs i)
    {
        // Each slot turns over once per call; each cycle starts at most a batch.
        var byConcurrency = i.Concurrency * 3600 / i.AverageCallSeconds;
        var byDispatch = i.BatchSize * 3600 / i.DispatchIntervalSeconds;
        var callsPerHour = Math.Min(byConcurrency, byDispatch);

        // Calls until answered or out of attempts: 1 + (1-p) + (1-p)^2 + … (max attempts terms).
        var callsPerLead = i.AnswerRate <= 0
            ? i.MaxAttempts
            : (1 - Math.Pow(1 - i.AnswerRate, i.MaxAttempts)) / i.AnswerRate;
        var callsPerDay = callsPerHour * i.CallingHoursPerDay;
        var leadsPerDay = callsPerDay / callsPerLead;

        // Rounds: attempt k calls the leads unanswered k-1 times, Leads × (1-p)^(k-1). The dispatcher
        // takes the oldest ready lead first, and a retried lead is ready only a retry delay after its
        // call, so the first pass ends before the retries begin and each later round starts a retry
        // delay after the one before ended. Counting the delay from a round's end rather than from
        // each call makes this an upper bound: the round's first leads could be called earlier.
        var calendar = new CallingCalendar(i);
        var rounds = new List<ThroughputRound>();
        var callingHours = 0.0;
        var waitedHours = 0.0;
        var position = calendar.FirstOpening();
        var first = position;
        for (var attempt = 1; attempt <= i.MaxAttempts && i.Leads > 0; attempt++)
        {
            var calls = i.Leads * Math.Pow(1 - i.AnswerRate, attempt - 1);
            if (calls < 0.5)
            {
                break; // Fewer than half a lead left: no further round is expected.
            }

            if (attempt > 1)
            {
                var before = position;
                position = calendar.Wait(position, i.RetryDelayHours);
                waitedHours += position.HoursSince(before);
            }

            var start = position;
            position = calendar.Call(position, calls / callsPerHour);
            callingHours += position.HoursSince(start);
            rounds.Add(new ThroughputRound(attempt, calls, start.HoursSince(first) / 24, position.HoursSince(first) / 24));
        }

        var calendarDays = rounds.Count == 0 ? 0 : position.HoursSince(first) / 24;
        var callingDays = rounds.Count == 0 ? 0 : calendar.CallingDaysBetween(first.Day, position.Day);
        var finish = rounds.Count == 0 ? (DateOnly?)null : calendar.DateOf(position.Day);

        var binds = waitedHours > callingHours ? "retry-delay" : byConcurrency <= byDispatch ? "concurrency" : "dispatch";
        var pace = byConcurrency <= byDispatch
            ? Invariant($"{i.Concurrency} slots of {i.AverageCallSeconds:0} s calls give {callsPerHour:0} calls/h (the dispatcher could start {byDispatch:0}/h)")
            : Invariant($"{i.BatchSize} calls every {i.DispatchIntervalSeconds:0.##} s give {callsPerHour:0} calls/h (the slots could take {byConcurrency:0}/h)");
        var plan = rounds.Count == 0
            ? "No leads to call."
            : Invariant($"{i.Leads:N0} leads take {i.Leads * callsPerLead:N0} calls ({callsPerLead:0.##} per lead at a {i.AnswerRate:0.#%} answer rate) in {rounds.Count} {(rounds.Count == 1 ? "round" : "rounds")}, ")
              + Invariant($"{i.CallingHoursPerDay:0.#} calling hours a day on {i.CallingDays.Count} {(i.CallingDays.Count == 1 ? "day" : "days")} a week")
              + (rounds.Count > 1 ? Invariant($", each retry round waiting {i.RetryDelayHours:0.#} h after the one before") : string.Empty)
              + Invariant($": {calendarDays:0.##} calendar days, {callingDays:N0} calling {(callingDays == 1 ? "day" : "days")}.");
        var explanation = binds switch
        {
            "retry-delay" => $"The retry delay binds: the leads spend longer waiting for their next attempt than being called. {pace}. {plan} A shorter retry delay or fewer attempts finishes sooner.",
            "concurrency" => $"Concurrency binds: {pace}. {plan} More concurrent calls or longer calling hours finish sooner.",
            _ => $"Dispatch binds: {pace}. {plan} A larger batch or a shorter batch interval finishes sooner.",
        };

        return new ThroughputEstimate(i, callsPerHour, byConcurrency, byDispatch, callsPerLead, callsPerDay, leadsPerDay, calendarDays, callingDays, finish, rounds, binds, explanation);
    }

    public static Dictionary<string, string[]> Validate(ThroughputInputs i)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors[field] = [message];
            }
        }

        Check(i.Concurrency is >= 1 and <= 100_000, "concurrency", $"Concurrency must be between 1 and 100000 calls; got {i.Concurrency}.");
        Check(i.AverageCallSeconds is >= 1 and <= 36_000, "averageCallSeconds", $"Average call duration must be between 1 and 36000 seconds; got {i.AverageCallSeconds}.");
        Check(i.DispatchIntervalSeconds is >= 0.01 and <= 3600, "dispatchIntervalSeconds", $"Dispatch interval must be between 0.01 and 3600 seconds; got {i.DispatchIntervalSeconds}.");
        Check(i.BatchSize is >= 1 and <= 100_000, "batchSize", $"Batch size must be between 1 and 100000 calls; got {i.BatchSize}.");
        Check(i.CallingHoursPerDay is > 0 and <= 24, "callingHoursPerDay", $"Calling hours per day must be more than 0 and at most 24; got {i.CallingHoursPerDay}.");
        Check(i.AnswerRate is >= 0 and <= 1, "answerRate", $"Answer rate is a share between 0 and 1 (0.3 = 30%); got {i.AnswerRate}.");
        Check(i.MaxAttempts is >= 1 and <= 20, "maxAttempts", $"Max attempts must be between 1 and 20; got {i.MaxAttempts}.");
        Check(i.RetryDelayHours is >= 0 and <= 168, "retryDelayHours", $"Retry delay must be between 0 and 168 hours; got {i.RetryDelayHours}.");
        Check(i.Leads is >= 0 and <= 100_000_000, "leads", $"Number of leads must be between 0 and 100000000; got {i.Leads}.");
        Check(i.CallingDays.Count > 0, "callingDays", "At least one calling day is needed.");
        return errors;
    }
}

/// <summary>
/// Calling time on the calendar: each calling day (a calling weekday, not a holiday) has a window
/// of <see cref="ThroughputInputs.CallingHoursPerDay"/> hours; in between, time passes without
/// calls. Positions are counted from the window's opening, which is at the same hour every day,
/// so only the window's length matters.
/// </summary>
sealed class CallingCalendar
{
    readonly ThroughputInputs _inputs;
    readonly HashSet<DayOfWeek> _days;
    readonly HashSet<long> _holidays;
    readonly long _lastHoliday;
    readonly double _hoursPerWeek;

    public CallingCalendar(ThroughputInputs inputs)
    {
        _inputs = inputs;
        _days = inputs.CallingDays.ToHashSet();
        if (_days.Count == 0 || inputs.CallingHoursPerDay <= 0)
        {
            throw new ArgumentException("No calling time: validate the inputs first.", nameof(inputs));
        }

        _holidays = inputs.Holidays.Select(h => (long)(h.DayNumber - inputs.StartDate.DayNumber)).Where(d => d >= 0).ToHashSet();
        _lastHoliday = _holidays.Count == 0 ? -1 : _holidays.Max();
        _hoursPerWeek = _days.Count * inputs.CallingHoursPerDay;
    }

    /// <param name="Day">Days after the start date.</param>
    /// <param name="Hours">Hours after that day's opening; within the window while calling.</param>
    public readonly record struct Position(long Day, double Hours)
    {
        public double HoursSince(Position earlier) => ((Day - earlier.Day) * 24.0) + Hours - earlier.Hours;
    }

    public bool IsCallingDay(long day) => _days.Contains(DayOfWeekOf(day)) && !_holidays.Contains(day);

    public Position FirstOpening() => new(NextCallingDay(0), 0);

    /// <summary>The day itself when it is a calling day, else the next one (a calling weekday comes within 7 days of the last holiday).</summary>
    long NextCallingDay(long day)
    {
        while (!IsCallingDay(day))
        {
            day++;
        }

        return day;
    }

    /// <summary>Where calling can go on once <paramref name="hours"/> have passed: at once if the window is open then, else at the next opening.</summary>
    public Position Wait(Position from, double hours)
    {
        var at = (from.Day * 24.0) + from.Hours + hours;
        var day = (long)Math.Floor(at / 24);
        var offset = at - (day * 24.0);
        return IsCallingDay(day) && offset < _inputs.CallingHoursPerDay ? new(day, offset) : new(NextCallingDay(day + 1), 0);
    }

    /// <summary>Where <paramref name="hours"/> of calling that starts at <paramref name="from"/> ends.</summary>
    public Position Call(Position from, double hours)
    {
        var day = from.Day;
        var used = from.Hours;
        while (true)
        {
            var left = _inputs.CallingHoursPerDay - used;
            if (hours <= left)
            {
                return new(day, used + hours);
            }

            hours -= left;
            day = NextCallingDay(day + 1);
            used = 0;
            if (day > _lastHoliday && hours > _hoursPerWeek)
            {
                // Past the last holiday every week is alike: skip whole weeks at once, keeping a
                // remainder so the end falls inside a window (a list of millions stays cheap).
                var weeks = (long)Math.Ceiling(hours / _hoursPerWeek) - 1;
                day += weeks * 7;
                hours -= weeks * _hoursPerWeek;
            }
        }
    }

    /// <summary>Calling days in [first, last], both included.</summary>
    public long CallingDaysBetween(long first, long last)
    {
        var span = last - first + 1;
        var count = (span / 7) * _days.Count;
        for (var day = first + ((span / 7) * 7); day <= last; day++)
        {
            count += _days.Contains(DayOfWeekOf(day)) ? 1 : 0;
        }

        return count - _holidays.Count(h => h >= first && h <= last && _days.Contains(DayOfWeekOf(h)));
    }

    public DateOnly? DateOf(long day) =>
        day <= DateOnly.MaxValue.DayNumber - _inputs.StartDate.DayNumber ? _inputs.StartDate.AddDays((int)day) : null;

    DayOfWeek DayOfWeekOf(long day) => (DayOfWeek)(((int)_inputs.StartDate.DayOfWeek + (day % 7)) % 7);
}
