namespace LeadDialer.Console.Display;

/// <summary>The guide's Quick Reference: phone examples and the error tables, word for word.</summary>
public static class GuideReference
{
    public const string E164Hint = "E.164: + then country code and number, e.g. +12125551234 (US), +447911123456 (UK), +8801977317066 (Bangladesh).";

    public static readonly IReadOnlyList<(string Number, string Country)> CorrectNumbers =
        [("+12125551234", "US"), ("+447911123456", "UK"), ("+8801977317066", "Bangladesh")];

    public static readonly IReadOnlyList<(string Number, string Why)> WrongNumbers =
        [("212-555-1234", "no + and country code"), ("(212) 555-1234", "parentheses and spaces, no country code"), ("01977317066", "national format, no + and country code")];

    public sealed record ErrorRow(string Error, string Meaning, string WhatToDo);

    public static readonly IReadOnlyList<ErrorRow> PermanentErrors =
    [
        new("Invalid lead phone number format", "Phone number format is wrong", "Fix the format to E.164 (+14155551234)"),
        new("Phone number not registered", "Your caller ID isn't set up", "Register phone number in provider dashboard"),
        new("Agent or assistant not found", "Agent doesn't exist", "Check agent ID in settings"),
        new("API key is invalid or missing", "Authentication failed", "Check/update API key"),
        new("Phone number does not exist", "Lead's number is invalid", "Get correct number from lead"),
    ];

    public static readonly IReadOnlyList<ErrorRow> TemporaryErrors =
    [
        new("Rate limit exceeded", "Too many calls too fast", "System waits and retries"),
        new("Server error", "Provider is having issues", "System retries automatically"),
        new("Network or connection error", "Can't reach provider", "System retries automatically"),
        new("Unknown error", "Unexpected issue", "System retries for safety"),
    ];

    /// <summary>The guide's "Lead Stuck in Pending" causes, for the Dialer's waiting reasons.</summary>
    public static readonly IReadOnlyList<string> PendingCauses =
        ["Auto-calling is disabled", "Outside of calling hours (if schedule is set)", "No agent selected", "System has reached max concurrent calls"];
}
