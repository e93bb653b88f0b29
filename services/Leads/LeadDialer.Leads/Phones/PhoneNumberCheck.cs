using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults.Phones;

namespace LeadDialer.Leads.Phones;

/// <summary>
/// The guide's phone rule: E.164 — "+" then country code and number, nothing else — and a number
/// that exists in the numbering plan of its country (libphonenumber).
/// </summary>
public static class PhoneNumberCheck
{
    public const string Hint = PhoneNumberErrors.Hint;

    /// <returns>The number in E.164, or null when it is not a valid E.164 number.</returns>
    public static string? ToE164(string? input)
    {
        if (string.IsNullOrEmpty(input) || input[0] != '+' || input.Length > 16 || !input.AsSpan(1).ContainsOnlyDigits())
        {
            return null;
        }

        return E164.Format(input);
    }

    static bool ContainsOnlyDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return span.Length > 0;
    }
}
