using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace LeadDialer.Webhooks.Retell;

public enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

/// <summary>
/// Checks <c>x-retell-signature: v=&lt;unix ms&gt;,d=&lt;hex&gt;</c>, where
/// d = hex(HMAC-SHA256(key = API key, message = raw body + timestamp)), over the bytes received:
/// re-serialized JSON would not hash the same.
/// </summary>
public sealed partial class RetellSignatureVerifier(string apiKey, TimeProvider time)
{
    public const string HeaderName = "x-retell-signature";

    /// <summary>Older or newer signatures than this are refused, so a captured request cannot be replayed later.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    readonly byte[] _key = Encoding.UTF8.GetBytes(apiKey);

    [GeneratedRegex(@"^v=(\d+),d=([0-9a-f]{64})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();

    public SignatureCheck Verify(ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return SignatureCheck.Missing;
        }

        var match = HeaderPattern().Match(header);
        if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return SignatureCheck.Malformed;
        }

        var age = time.GetUtcNow().ToUnixTimeMilliseconds() - (decimal)timestamp;
        if (Math.Abs(age) > (decimal)Tolerance.TotalMilliseconds)
        {
            return SignatureCheck.Stale;
        }

        // The timestamp is hashed as the digits sent, not as reformatted.
        var expected = Digest(_key, body, match.Groups[1].ValueSpan);
        var received = Convert.FromHexString(match.Groups[2].ValueSpan);
        return CryptographicOperations.FixedTimeEquals(expected, received) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The header Retell would send for this body at this time (for tests and tools).</summary>
    public static string Sign(ReadOnlySpan<byte> body, long unixMilliseconds, string apiKey)
    {
        var timestamp = unixMilliseconds.ToString(CultureInfo.InvariantCulture);
        var digest = Digest(Encoding.UTF8.GetBytes(apiKey), body, timestamp);
        return $"v={timestamp},d={Convert.ToHexStringLower(digest)}";
    }

    static byte[] Digest(byte[] key, ReadOnlySpan<byte> body, ReadOnlySpan<char> timestamp)
    {
        var message = new byte[body.Length + Encoding.UTF8.GetByteCount(timestamp)];
        body.CopyTo(message);
        Encoding.UTF8.GetBytes(timestamp, message.AsSpan(body.Length));
        return HMACSHA256.HashData(key, message);
    }
}
