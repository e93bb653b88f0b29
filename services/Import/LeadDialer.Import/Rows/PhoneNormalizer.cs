using PhoneNumbers;

namespace LeadDialer.Import.Rows;

/// <summary>
/// The guide's rule (E.164, a number that exists in its country's plan, checked with
/// libphonenumber) plus the import's one addition: with a default region chosen, a number written
/// any other way — "(212) 555-1234", "+1 212-555-1234" — is parsed in that region and rewritten
/// to E.164. Without one, only E.164 as written is valid.
/// </summary>
public sealed class PhoneNormalizer(string? defaultRegion)
{
    // One instance per import run: the shared singleton is thread-safe but its regex caches contend.
    readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();

    public string? ToE164(string input, out bool rewritten)
    {
        rewritten = false;
        if (input.Length == 0)
        {
            return null;
        }

        var strict = input[0] == '+' && input.Length is > 2 and <= 16 && AllDigits(input.AsSpan(1));
        if (!strict && defaultRegion is null)
        {
            return null;
        }

        try
        {
            var number = _util.Parse(input, strict ? null : defaultRegion);
            if (!_util.IsValidNumber(number))
            {
                return null;
            }

            var e164 = _util.Format(number, PhoneNumberFormat.E164);
            rewritten = !strict || e164 != input;
            return e164;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The digits of an E.164 number as one integer: a cheap key for finding duplicates.</summary>
    public static ulong Key(string e164)
    {
        ulong key = 0;
        for (var i = 1; i < e164.Length; i++)
        {
            key = (key * 10) + (ulong)(e164[i] - '0');
        }

        return key;
    }

    /// <summary>The key of a stored phone, or 0 when it is not E.164 (a failed lead keeps the phone as entered).</summary>
    public static ulong KeyOfStored(string phone) =>
        phone.Length is > 2 and <= 16 && phone[0] == '+' && AllDigits(phone.AsSpan(1)) ? Key(phone) : 0;

    static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
