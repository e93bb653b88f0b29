using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace LeadDialer.Webhooks.Vapi;

public enum VapiAuthCheck
{
    Valid,
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

/// <summary>
/// Checks a Vapi server message by the configured method, in constant time. HMAC timestamps are
/// accepted in seconds or milliseconds (Vapi does not document which) within 5 minutes of now.
/// </summary>
public sealed class VapiWebhookAuthenticator(VapiWebhookAuth mode, string secret, TimeProvider time)
{
    public const string SecretHeader = "X-Vapi-Secret";
    public const string SignatureHeader = "x-signature";
    public const string TimestampHeader = "x-timestamp";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);

    public VapiWebhookAuth Mode => mode;

    public VapiAuthCheck Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers) => mode switch
    {
        VapiWebhookAuth.Bearer => VerifyBearer(headers.Authorization),
        VapiWebhookAuth.Hmac => VerifyHmac(body, headers[TimestampHeader], headers[SignatureHeader]),
        _ => VerifySecret(headers[SecretHeader]),
    };

    VapiAuthCheck VerifySecret(StringValues header) =>
        StringValues.IsNullOrEmpty(header) ? VapiAuthCheck.Missing : Same(header.ToString()) ? VapiAuthCheck.Valid : VapiAuthCheck.Mismatch;

    VapiAuthCheck VerifyBearer(StringValues header)
    {
        var value = header.ToString();
        if (value.Length == 0)
        {
            return VapiAuthCheck.Missing;
        }

        const string scheme = "Bearer ";
        return !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? VapiAuthCheck.Malformed
            : Same(value[scheme.Length..].Trim()) ? VapiAuthCheck.Valid : VapiAuthCheck.Mismatch;
    }

    VapiAuthCheck VerifyHmac(ReadOnlySpan<byte> body, StringValues timestampHeader, StringValues signatureHeader)
    {
        var timestamp = timestampHeader.ToString();
        var signature = signatureHeader.ToString();
        if (timestamp.Length == 0 || signature.Length == 0)
        {
            return VapiAuthCheck.Missing;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || signature.Length != 64 || !signature.All(char.IsAsciiHexDigit))
        {
            return VapiAuthCheck.Malformed;
        }

        // Seconds until the year 5138 are below 10^11; milliseconds since 1973 are above.
        var at = value < 100_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(value) : DateTimeOffset.FromUnixTimeMilliseconds(value);
        if ((time.GetUtcNow() - at).Duration() > Tolerance)
        {
            return VapiAuthCheck.Stale;
        }

        var expected = Hmac(_secret, timestamp, body);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature)) ? VapiAuthCheck.Valid : VapiAuthCheck.Mismatch;
    }

    bool Same(string presented) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _secret);

    /// <summary>hex(HMAC-SHA256(secret, "{timestamp}.{body}")) — for tests and tools.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(Hmac(Encoding.UTF8.GetBytes(secret), timestamp, body));

    static byte[] Hmac(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, message);
    }
}
