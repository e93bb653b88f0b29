using LeadDialer.Contracts;

namespace LeadDialer.Leads.Leads;

/// <summary>The "What To Do" column of the guide's Error Messages Quick Reference, by reason.</summary>
public static class HowToFix
{
    static readonly Dictionary<string, string> ByReason = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Invalid phone number format"] = "Fix the format to E.164 (+14155551234), then change the status back to pending.",
        ["Invalid lead phone number format"] = "Fix the format to E.164 (+14155551234), then change the status back to pending.",
        ["Phone number not registered"] = "Register phone number in provider dashboard.",
        ["Agent or assistant not found"] = "Check agent ID in settings.",
        ["Agent phone number configuration error"] = "Configure your agent with a phone number in the provider dashboard.",
        ["API key is invalid or missing"] = "Check/update API key.",
        ["Phone number does not exist"] = "Get correct number from lead, then change the status back to pending.",
        ["Payment required"] = "Check the billing of your provider account.",
        ["Permanent error from provider"] = "Read the provider message, fix the lead or the agent configuration, then change the status back to pending.",
        ["Rate limit exceeded"] = "System waits and retries.",
        ["Server error"] = "System retries automatically.",
        ["Network or connection error"] = "System retries automatically.",
        ["Unknown error"] = "System retries for safety.",
        ["Call failed for temporary reason"] = "System retries automatically.",
        ["Call did not report an end"] = "System retries automatically.",
        // Compliance (the Dialer's do-not-call list).
        ["On do-not-call list"] = "Remove the number from the do-not-call list, then reactivate the lead.",
    };

    public static string For(LeadError error) =>
        ByReason.TryGetValue(error.Reason, out var fix)
            ? fix
            : error.Kind == ErrorKind.Permanent
                ? "Fix the issue, then change the status back to pending."
                : "System retries automatically.";
}
