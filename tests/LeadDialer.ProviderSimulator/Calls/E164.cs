using System.Text.RegularExpressions;

namespace LeadDialer.ProviderSimulator.Calls;

public static partial class E164
{
    // ITU-T E.164: '+', a non-zero country code digit, at most 15 digits in total.
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? number) => number is not null && Pattern().IsMatch(number);
}
