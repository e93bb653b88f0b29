using LeadDialer.ServiceDefaults;

namespace LeadDialer.UnitTests.ServiceDefaults;

public sealed class SecretRefusalSpecs
{
    static readonly string[] Shipped = ["dev-retell-key"];

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("  ", "is not set")]
    [InlineData("dev-retell-key", "development value")]
    [InlineData(" dev-retell-key ", "development value")]
    public void A_missing_or_shipped_secret_is_refused_naming_the_variable(string? value, string why)
    {
        var refusal = SecretCheckExtensions.Refusal("RETELL_API_KEY", value, Shipped, isKey: false);

        Assert.NotNull(refusal);
        Assert.Contains(why, refusal, StringComparison.Ordinal);
        Assert.Contains("set RETELL_API_KEY", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_one_character_short_of_the_minimum_is_refused_and_one_of_the_minimum_is_not()
    {
        var shortKey = new string('k', SecretCheckExtensions.MinimumKeyLength - 1);
        var longEnough = new string('k', SecretCheckExtensions.MinimumKeyLength);

        Assert.Contains("shorter than 24", SecretCheckExtensions.Refusal("LEADDIALER_API_KEY", shortKey, [], isKey: true));
        Assert.Null(SecretCheckExtensions.Refusal("LEADDIALER_API_KEY", longEnough, [], isKey: true));
    }

    [Fact]
    public void A_short_provider_secret_is_accepted_because_its_length_is_the_provider_s_choice()
    {
        Assert.Null(SecretCheckExtensions.Refusal("VAPI_WEBHOOK_SECRET", "short-but-own", Shipped, isKey: false));
    }
}
