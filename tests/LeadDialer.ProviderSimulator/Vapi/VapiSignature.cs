using System.Security.Cryptography;
using System.Text;

namespace LeadDialer.ProviderSimulator.Vapi;

/// <summary>
/// How a Vapi server URL authenticates its deliveries, by its configuration: the legacy shared secret
/// (<c>X-Vapi-Secret</c>), a bearer token, or HMAC: <c>x-signature</c> = hex(HMAC-SHA256(secret,
/// "{x-timestamp}.{raw body}")).
/// </summary>
public static class VapiSignature
{
    public static IReadOnlyDictionary<string, string> Headers(string mode, string secret, ReadOnlySpan<byte> body, long unixMilliseconds) =>
        mode.ToLowerInvariant() switch
        {
            "bearer" => new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" },
            "hmac" => new Dictionary<string, string>
            {
                ["x-timestamp"] = unixMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["x-signature"] = Hmac(secret, unixMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), body),
            },
            _ => new Dictionary<string, string> { ["X-Vapi-Secret"] = secret },
        };

    public static string Hmac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
