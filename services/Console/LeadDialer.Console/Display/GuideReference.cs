namespace LeadDialer.Console.Display;

/// <summary>
/// The guide's Quick Reference that is not an error: phone examples and the "Lead Stuck in Pending"
/// causes. Its error tables come from the error catalogue (<see cref="LeadDialer.Contracts.Errors.GuideErrors"/>).
/// </summary>
public static class GuideReference
{
    public static readonly IReadOnlyList<(string Number, string Country)> CorrectNumbers =
        [("+12125551234", "US"), ("+447911123456", "UK"), ("+8801977317066", "Bangladesh")];

    public static readonly IReadOnlyList<(string Number, string Why)> WrongNumbers =
        [("212-555-1234", "no + and country code"), ("(212) 555-1234", "parentheses and spaces, no country code"), ("01977317066", "national format, no + and country code")];

    /// <summary>The guide's "Lead Stuck in Pending" causes, for the Dialer's waiting reasons.</summary>
    public static readonly IReadOnlyList<string> PendingCauses =
        ["Auto-calling is disabled", "Outside of calling hours (if schedule is set)", "No agent selected", "System has reached max concurrent calls"];
}
