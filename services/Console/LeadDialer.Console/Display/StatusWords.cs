using LeadDialer.Contracts;
using MudBlazor;

namespace LeadDialer.Console.Display;

/// <summary>The guide's five statuses as a user reads them ("Understanding Lead Statuses").</summary>
public static class StatusWords
{
    public sealed record StatusInfo(string Status, string Label, string Meaning, string When, string Action, Color Color);

    public static readonly IReadOnlyList<StatusInfo> All =
    [
        new(LeadStatus.Pending, "Ready to Call", "Lead is ready to be called right now",
            "Newly added leads start in this status, or leads that have waited for their retry delay period",
            "System will automatically call these leads when auto-calling is enabled", Color.Info),
        new(LeadStatus.InProgress, "Call Active", "A call is currently happening for this lead",
            "System has initiated a call and is waiting for it to complete",
            "Wait for the call to finish. Status will automatically update", Color.Primary),
        new(LeadStatus.Retry, "Waiting for Retry Delay", "Call was unsuccessful, waiting for retry delay to pass before trying again",
            "Call was not answered (no answer, busy, voicemail), failed temporarily, or lead hasn't reached max attempts yet",
            "System will automatically retry after the configured delay", Color.Warning),
        new(LeadStatus.Completed, "Finished", "Lead has reached the end of the calling process",
            "Call was successfully connected (person answered) or maximum call attempts reached",
            "No further calls will be made. Review call results in call history", Color.Success),
        new(LeadStatus.Failed, "Permanent Error", "Lead has a permanent issue that prevents calling",
            "Invalid phone number format, phone number doesn't exist, or other permanent errors",
            "Fix the lead information (especially phone number) and manually change status back to \"pending\"", Color.Error),
    ];

    public static StatusInfo For(string? status) =>
        All.FirstOrDefault(s => s.Status == status) ?? new(status ?? "", status ?? "Unknown", "", "", "", Color.Default);

    public static string Label(string? status) => For(status).Label;

    /// <summary>How a call ended, in plain words.</summary>
    public static string Outcome(CallOutcome? outcome) => outcome switch
    {
        CallOutcome.Answered => "Person answered",
        CallOutcome.NoAnswer => "No answer",
        CallOutcome.Busy => "Busy",
        CallOutcome.Voicemail => "Voicemail",
        CallOutcome.InvalidNumber => "Phone number doesn't exist",
        CallOutcome.TemporaryFailure => "Temporary error",
        // Not an attempt: the provider was at its concurrency or daily limit, so the call is placed again later.
        CallOutcome.ProviderBusy => "Provider at its limit (not counted)",
        CallOutcome.PermanentFailure => "Permanent error",
        null => "—",
        _ => outcome.ToString()!,
    };

    public static string Duration(TimeSpan span) =>
        span <= TimeSpan.Zero ? "due now"
        : span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h {span.Minutes} min"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min {span.Seconds} s"
        : span.TotalMinutes >= 1 ? $"{span.Minutes} min {span.Seconds} s"
        : $"{span.Seconds} s";
}
