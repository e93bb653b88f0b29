namespace LeadDialer.Import.Rows;

/// <summary>
/// The digits of an E.164 number as one integer: a cheap key for finding duplicates among millions
/// of rows. Which text is a phone number is <see cref="Rules.PhoneNumber"/>'s rule, not this.
/// </summary>
public static class PhoneKeys
{
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
        phone.Length is > 2 and <= 16 && phone[0] == '+' && !phone.AsSpan(1).ContainsAnyExcept("0123456789") ? Key(phone) : 0;
}
