using PhoneNumbers;

namespace LeadDialer.ServiceDefaults.Phones;

/// <summary>One way to turn a written international number into E.164, so a lead's phone and a
/// do-not-call entry for the same number always compare equal.</summary>
public static class E164
{
    /// <returns>The number in E.164, or null when libphonenumber finds it invalid.</returns>
    public static string? Format(string text)
    {
        try
        {
            // PhoneNumberUtil.GetInstance() is a shared, thread-safe singleton.
            var util = PhoneNumberUtil.GetInstance();
            var number = util.Parse(text, null);
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
