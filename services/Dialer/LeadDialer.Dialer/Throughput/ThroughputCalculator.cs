namespace LeadDialer.Dialer.Throughput;

/// <summary>The guide's Voice Throughput Calculator: "Estimate your calling capacity based on concurrency, call duration, and batch frequency."</summary>
/// <param name="DispatchIntervalSeconds">How often a dispatch cycle runs when nothing wakes it earlier.</param>
/// <param name="BatchSize">Most calls one cycle may start.</param>
/// <param name="AnswerRate">Share of calls answered, 0–1.</param>
public sealed record ThroughputInputs(
    int Concurrency,
    double AverageCallSeconds,
    double DispatchIntervalSeconds,
    int BatchSize,
    double CallingHoursPerDay,
    double AnswerRate,
    int MaxAttempts,
    double RetryDelayHours,
    long Leads);

/// <param name="Binds">The limit that sets the pace: concurrency, dispatch, retry-delay or calling-hours.</param>
public sealed record ThroughputEstimate(
    ThroughputInputs Inputs,
    double CallsPerHour,
    double CallsPerHourAllowedByConcurrency,
    double CallsPerHourAllowedByDispatch,
    double CallsPerLead,
    double CallsPerDay,
    double LeadsFinishedPerDay,
    double DaysToWorkThroughList,
    double DaysAtLeastForRetries,
    string Binds,
    string Explanation);

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
        var daysByCapacity = i.Leads == 0 ? 0 : i.Leads / leadsPerDay;

        // A lead that never answers cannot finish sooner than its retry delays allow.
        var daysForRetries = i.Leads == 0 || i.AnswerRate >= 1 ? 0 : (i.MaxAttempts - 1) * i.RetryDelayHours / 24;
        var days = Math.Max(daysByCapacity, daysForRetries);

        string binds;
        string explanation;
        if (daysForRetries > daysByCapacity)
        {
            binds = "retry-delay";
            explanation = $"The retry delay binds: unanswered leads need {i.MaxAttempts} attempts {i.RetryDelayHours:0.#} h apart, longer than the {daysByCapacity:0.##} days the calls themselves take. A shorter retry delay or fewer attempts finishes sooner.";
        }
        else if (i.CallingHoursPerDay < 24 && daysByCapacity >= 1)
        {
            binds = byConcurrency <= byDispatch ? "concurrency" : "dispatch";
            explanation = $"{(binds == "concurrency" ? $"Concurrency binds: {i.Concurrency} slots of {i.AverageCallSeconds:0} s calls" : $"Dispatch binds: {i.BatchSize} calls every {i.DispatchIntervalSeconds:0.##} s")} give {callsPerHour:0} calls/h over {i.CallingHoursPerDay:0.#} calling hours a day. More concurrent calls or longer calling hours finish sooner.";
        }
        else
        {
            binds = byConcurrency <= byDispatch ? "concurrency" : "dispatch";
            explanation = binds == "concurrency"
                ? $"Concurrency binds: {i.Concurrency} slots of {i.AverageCallSeconds:0} s calls give {callsPerHour:0} calls/h; the dispatcher could start {byDispatch:0}/h."
                : $"Dispatch binds: {i.BatchSize} calls every {i.DispatchIntervalSeconds:0.##} s give {callsPerHour:0} calls/h; the slots could take {byConcurrency:0}/h.";
        }

        return new ThroughputEstimate(i, callsPerHour, byConcurrency, byDispatch, callsPerLead, callsPerDay, leadsPerDay, days, daysForRetries, binds, explanation);
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
        return errors;
    }
}
