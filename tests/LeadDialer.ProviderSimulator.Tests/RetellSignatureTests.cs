using System.Security.Cryptography;
using System.Text;
using LeadDialer.ProviderSimulator.Retell;

namespace LeadDialer.ProviderSimulator.Tests;

public class RetellSignatureTests
{
    [Fact]
    public void Matches_a_vector_computed_outside_dotnet()
    {
        // python3: hmac.new(b"dev-retell-key", (body + "1700000000123").encode(), hashlib.sha256).hexdigest()
        const string body = """{"event":"call_ended","call":{"call_id":"call_abc"}}""";

        var signature = RetellSignature.Create(Encoding.UTF8.GetBytes(body), "dev-retell-key", 1700000000123);

        Assert.Equal("v=1700000000123,d=42bd962c193f99f12536429990d3776ae7160666a62284d7d28b52c648dc7fc2", signature);
    }

    [Fact]
    public void Key_and_body_are_utf8()
    {
        // python3: hmac.new("kéy".encode(), ('{"name":"Zoë"}' + "1700000000123").encode(), hashlib.sha256).hexdigest()
        var signature = RetellSignature.Create(Encoding.UTF8.GetBytes("""{"name":"Zoë"}"""), "kéy", 1700000000123);

        Assert.Equal("v=1700000000123,d=31aad5edd7924c09a3e5093453ee0418f8cfb010b5202939b8b039688975fb07", signature);
    }

    [Theory]
    [InlineData("{}", "secret", 0L)]
    [InlineData("""{"event":"call_started"}""", "dev-retell-key", 1767225600000L)]
    public void Follows_the_documented_formula(string body, string key, long timestamp)
    {
        // Independent re-statement of Retell's formula: hex(HMAC-SHA256(key, body + timestamp)), lowercase.
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
        var expected = BitConverter.ToString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body + timestamp)))
            .Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

        var signature = RetellSignature.Create(Encoding.UTF8.GetBytes(body), key, timestamp);

        Assert.Matches("^v=[0-9]+,d=[0-9a-f]{64}$", signature);
        Assert.Equal($"v={timestamp},d={expected}", signature);
    }

    [Fact]
    public void Changing_one_byte_of_the_body_changes_the_digest()
    {
        var a = RetellSignature.Create("""{"a":1}"""u8, "k", 1);
        var b = RetellSignature.Create("""{"a":2}"""u8, "k", 1);
        Assert.NotEqual(a, b);
    }
}
