namespace LeadDialer.ProviderSimulator.Outcomes;

/// <summary>
/// The deterministic outcome of a number without a script, from its last two digits.
/// "Once" outcomes (95–98) are resolved by <see cref="OutcomePlanner"/>, which remembers the first failure.
/// </summary>
public static class DigitRule
{
    public enum Rule
    {
        Answered,
        NoAnswer,
        Busy,
        Voicemail,
        InvalidDestination,
        Create500Once,
        Create429Once,
        LostWebhook,
    }

    public static Rule For(string e164)
    {
        var digits = LastTwoDigits(e164);
        return digits switch
        {
            <= 59 => Rule.Answered,
            <= 69 => Rule.NoAnswer,
            <= 79 => Rule.Busy,
            <= 89 => Rule.Voicemail,
            <= 94 => Rule.InvalidDestination,
            <= 97 => Rule.Create500Once,
            98 => Rule.Create429Once,
            _ => Rule.LostWebhook,
        };
    }

    internal static int LastTwoDigits(string number)
    {
        int value = 0, seen = 0, scale = 1;
        for (var i = number.Length - 1; i >= 0 && seen < 2; i--)
        {
            if (!char.IsAsciiDigit(number[i]))
                continue;
            value += (number[i] - '0') * scale;
            scale *= 10;
            seen++;
        }
        return value;
    }
}
