using System.Security.Cryptography;
using System.Text;

namespace LeadDialer.EndToEndTests;

/// <summary>Webhooks signed as Retell and Vapi sign them (written out independently of the services), posted through the gateway.</summary>
public static class ProviderWebhooks
{
    /// <summary>Retell: <c>x-retell-signature: v={ms},d=hex(HMAC-SHA256(api key, body + ms))</c>.</summary>
    /// <param name="expectContinue">Send the body only once the gateway agrees (a body it refuses by size is then answered 413, not cut off mid-write).</param>
    public static async Task<HttpResponseMessage> PostRetell(this LeadDialerSystem system, string body, string key = LeadDialerSystem.RetellApiKey, bool expectContinue = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var digest = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), bytes.Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/retell") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("x-retell-signature", $"v={timestamp},d={digest}");
        request.Headers.ExpectContinue = expectContinue;
        return await system.Anonymous.SendAsync(request);
    }

    /// <summary>Vapi with HMAC auth (as the test system runs it): <c>x-signature = hex(HMAC-SHA256(secret, "{ts}." + body))</c>.</summary>
    public static async Task<HttpResponseMessage> PostVapi(this LeadDialerSystem system, string body, string secret = LeadDialerSystem.VapiWebhookSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(bytes).ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/vapi") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("x-timestamp", timestamp);
        request.Headers.Add("x-signature", signature);
        return await system.Anonymous.SendAsync(request);
    }
}
