using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LeadDialer.ProviderSimulator.Retell;

/// <summary>
/// Retell's webhook signature: <c>x-retell-signature: v=&lt;unix ms&gt;,d=&lt;hex&gt;</c> with
/// d = lowercase hex(HMAC-SHA256(key = UTF-8(api key), message = UTF-8(raw body + decimal timestamp))).
/// </summary>
public static class RetellSignature
{
    public const string HeaderName = "x-retell-signature";

    public static string Create(ReadOnlySpan<byte> rawBody, string apiKey, long unixMilliseconds)
    {
        var timestamp = unixMilliseconds.ToString(CultureInfo.InvariantCulture);
        // Body and timestamp are concatenated with no separator.
        var message = new byte[rawBody.Length + Encoding.UTF8.GetByteCount(timestamp)];
        rawBody.CopyTo(message);
        Encoding.UTF8.GetBytes(timestamp, message.AsSpan(rawBody.Length));

        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKey), message);
        return $"v={timestamp},d={Convert.ToHexStringLower(digest)}";
    }
}
