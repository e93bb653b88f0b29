using System.Text;
using LeadDialer.Webhooks.Retell;
using LeadDialer.Webhooks.Vapi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace LeadDialer.UnitTests.Providers;

/// <summary>
/// Vapi server-message authentication, each method chosen by configuration. The digests were computed
/// independently of this code, with
/// <c>printf '%s.%s' 1764230400 "$body" | openssl dgst -sha256 -hmac 'vapi-secret-vector'</c>.
/// </summary>
public class VapiWebhookAuthenticatorSpecs
{
    const string Secret = "vapi-secret-vector";
    const string Body = """{"message":{"type":"status-update","status":"ended","call":{"id":"c-1"}}}""";
    const string SecondsDigest = "00686d6c61970e5ab3e4c73341a16120d13a2445831bee8e00b5af1453a991bc";
    const string MillisecondsDigest = "60b1d3c3706ae15105747d72904d873a58b4db6c1b894ad5cefeb3994febf152";
    static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1764230400);

    static VapiWebhookAuthenticator At(VapiWebhookAuth mode, DateTimeOffset now) => new(mode, Secret, new FakeTimeProvider(now));

    static IHeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }

    static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("1764230400", SecondsDigest)]
    [InlineData("1764230400123", MillisecondsDigest)]
    public void Should_accept_an_hmac_signed_with_a_timestamp_in_seconds_or_milliseconds(string timestamp, string digest)
    {
        var check = At(VapiWebhookAuth.Hmac, Now).Verify(Bytes(Body), Headers(("x-timestamp", timestamp), ("x-signature", digest)));

        Assert.Equal(VapiAuthCheck.Valid, check);
        Assert.Equal(digest, VapiWebhookAuthenticator.Sign(Secret, timestamp, Bytes(Body)));
    }

    [Fact]
    public void Should_refuse_an_hmac_over_a_changed_body()
    {
        var check = At(VapiWebhookAuth.Hmac, Now).Verify(Bytes(Body.Replace("ended", "in-progress")), Headers(("x-timestamp", "1764230400"), ("x-signature", SecondsDigest)));

        Assert.Equal(VapiAuthCheck.Mismatch, check);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void Should_refuse_an_hmac_more_than_five_minutes_from_now(int skewSeconds)
    {
        var check = At(VapiWebhookAuth.Hmac, Now.AddSeconds(skewSeconds)).Verify(Bytes(Body), Headers(("x-timestamp", "1764230400"), ("x-signature", SecondsDigest)));

        Assert.Equal(VapiAuthCheck.Stale, check);
    }

    [Theory]
    [InlineData("", SecondsDigest, VapiAuthCheck.Missing)]
    [InlineData("1764230400", "", VapiAuthCheck.Missing)]
    [InlineData("yesterday", SecondsDigest, VapiAuthCheck.Malformed)]
    [InlineData("1764230400", "00686d6c", VapiAuthCheck.Malformed)]
    public void Should_name_what_is_wrong_with_the_hmac_headers(string timestamp, string signature, VapiAuthCheck expected)
    {
        var headers = new List<(string, string)>();
        if (timestamp.Length > 0)
        {
            headers.Add(("x-timestamp", timestamp));
        }

        if (signature.Length > 0)
        {
            headers.Add(("x-signature", signature));
        }

        Assert.Equal(expected, At(VapiWebhookAuth.Hmac, Now).Verify(Bytes(Body), Headers([.. headers])));
    }

    [Theory]
    [InlineData(Secret, VapiAuthCheck.Valid)]
    [InlineData("vapi-secret-vectoR", VapiAuthCheck.Mismatch)]
    [InlineData("", VapiAuthCheck.Missing)]
    public void Should_check_the_shared_secret_header(string presented, VapiAuthCheck expected)
    {
        var headers = presented.Length > 0 ? Headers(("X-Vapi-Secret", presented)) : Headers();

        Assert.Equal(expected, At(VapiWebhookAuth.Secret, Now).Verify(Bytes(Body), headers));
    }

    [Theory]
    [InlineData("Bearer " + Secret, VapiAuthCheck.Valid)]
    [InlineData("bearer " + Secret, VapiAuthCheck.Valid)]
    [InlineData("Bearer nope", VapiAuthCheck.Mismatch)]
    [InlineData("Basic abc", VapiAuthCheck.Malformed)]
    public void Should_check_the_bearer_token(string authorization, VapiAuthCheck expected) =>
        Assert.Equal(expected, At(VapiWebhookAuth.Bearer, Now).Verify(Bytes(Body), Headers(("Authorization", authorization))));

    [Fact]
    public void Should_not_accept_one_method_when_another_is_configured()
    {
        var check = At(VapiWebhookAuth.Hmac, Now).Verify(Bytes(Body), Headers(("X-Vapi-Secret", Secret)));

        Assert.Equal(VapiAuthCheck.Missing, check);
    }

    /// <summary>
    /// A second Retell vector, from
    /// <c>printf '%s%s' "$body" 1764230400000 | openssl dgst -sha256 -hmac 'key_retell_vector'</c>.
    /// </summary>
    [Fact]
    public void Should_verify_a_Retell_signature_computed_with_openssl()
    {
        const string body = """{"event":"call_ended","call":{"call_id":"call_1","metadata":{"lead_id":"0b4f3a86-1d2e-4c5b-9a7f-112233445566"}}}""";
        var verifier = new RetellSignatureVerifier("key_retell_vector", new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1764230400000)));

        Assert.Equal(
            SignatureCheck.Valid,
            verifier.Verify(Bytes(body), "v=1764230400000,d=b78664adc6ecc53c763c8903ab2f8d3433f98dc17557be6d85f41e98d5eff672"));
    }
}
