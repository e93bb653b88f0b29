using System.Text;
using LeadDialer.Webhooks.Retell;
using Microsoft.Extensions.Time.Testing;

namespace LeadDialer.UnitTests.Providers;

public class RetellSignatureSpecs
{
    const string ApiKey = "dev-retell-key";
    const long Timestamp = 1_700_000_000_000;
    static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"call_ended"}""");

    /// <summary>Computed outside .NET (Python's hmac): HMAC-SHA256(key, body + "1700000000000").</summary>
    const string KnownDigest = "9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18";

    static RetellSignatureVerifier VerifierAt(long unixMilliseconds) =>
        new(ApiKey, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds)));

    [Fact]
    public void Should_accept_a_valid_signature()
    {
        Assert.Equal(SignatureCheck.Valid, VerifierAt(Timestamp).Verify(Body, $"v={Timestamp},d={KnownDigest}"));
    }

    [Fact]
    public void Should_sign_as_Retell_does()
    {
        Assert.Equal($"v={Timestamp},d={KnownDigest}", RetellSignatureVerifier.Sign(Body, Timestamp, ApiKey));
    }

    [Fact]
    public void Should_accept_an_upper_case_header()
    {
        Assert.Equal(SignatureCheck.Valid, VerifierAt(Timestamp).Verify(Body, $"V={Timestamp},D={KnownDigest.ToUpperInvariant()}"));
    }

    [Fact]
    public void Should_refuse_a_wrong_digest()
    {
        var wrong = KnownDigest[..^1] + (KnownDigest[^1] == '0' ? '1' : '0');

        Assert.Equal(SignatureCheck.Mismatch, VerifierAt(Timestamp).Verify(Body, $"v={Timestamp},d={wrong}"));
    }

    [Fact]
    public void Should_refuse_a_signature_made_with_another_key()
    {
        var header = RetellSignatureVerifier.Sign(Body, Timestamp, "someone-elses-key");

        Assert.Equal(SignatureCheck.Mismatch, VerifierAt(Timestamp).Verify(Body, header));
    }

    [Fact]
    public void Should_refuse_a_tampered_body()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"event":"call_ended" }""");

        Assert.Equal(SignatureCheck.Mismatch, VerifierAt(Timestamp).Verify(tampered, $"v={Timestamp},d={KnownDigest}"));
    }

    [Fact]
    public void Should_refuse_a_timestamp_changed_after_signing()
    {
        Assert.Equal(SignatureCheck.Mismatch, VerifierAt(Timestamp).Verify(Body, $"v={Timestamp + 1},d={KnownDigest}"));
    }

    [Theory]
    [InlineData(5 * 60 * 1000 + 1)]
    [InlineData(-(5 * 60 * 1000 + 1))]
    [InlineData(3_600_000)]
    public void Should_refuse_a_stale_timestamp(long skewMilliseconds)
    {
        Assert.Equal(SignatureCheck.Stale, VerifierAt(Timestamp + skewMilliseconds).Verify(Body, $"v={Timestamp},d={KnownDigest}"));
    }

    [Theory]
    [InlineData(5 * 60 * 1000)]
    [InlineData(-5 * 60 * 1000)]
    public void Should_accept_a_timestamp_just_within_five_minutes(long skewMilliseconds)
    {
        Assert.Equal(SignatureCheck.Valid, VerifierAt(Timestamp + skewMilliseconds).Verify(Body, $"v={Timestamp},d={KnownDigest}"));
    }

    [Theory]
    [InlineData("v=1700000000000")]
    [InlineData("d=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18")]
    [InlineData("v=1700000000000,d=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa1")]
    [InlineData("v=1700000000000,d=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18a")]
    [InlineData("v=1700000000000,d=zzd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18")]
    [InlineData("v=abc,d=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18")]
    [InlineData(" v=1700000000000,d=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18")]
    [InlineData("v=1700000000000, d=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18")]
    [InlineData("v=99999999999999999999999,d=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18")]
    [InlineData("sha256=9cd836516c079dfc20f306a7bf32eb687447fe25abde97f0ce8e3ee51a90fa18")]
    public void Should_refuse_a_malformed_header(string header)
    {
        Assert.Equal(SignatureCheck.Malformed, VerifierAt(Timestamp).Verify(Body, header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Should_refuse_a_missing_header(string? header)
    {
        Assert.Equal(SignatureCheck.Missing, VerifierAt(Timestamp).Verify(Body, header));
    }
}
