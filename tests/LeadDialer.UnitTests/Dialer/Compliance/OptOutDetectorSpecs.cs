using LeadDialer.Dialer.Compliance;

namespace LeadDialer.UnitTests.Dialer.Compliance;

public sealed class OptOutDetectorSpecs
{
    static readonly ComplianceRules Rules = ComplianceRules.Default with
    {
        OptOutAnalysisField = "opted_out",
        OptOutPhrases = ["stop calling", "remove me from your list"],
    };

    [Theory]
    [InlineData("{\"opted_out\": true}")]
    [InlineData("{\"opted_out\": \"Yes\"}")]
    [InlineData("{\"opted_out\": 1}")]
    public void When_the_analysis_field_is_set_Should_detect_it(string data) =>
        Assert.Equal("analysis field opted_out", OptOutDetector.Detect(Rules, data, null));

    [Theory]
    [InlineData("{\"opted_out\": false}")]
    [InlineData("{\"opted_out\": \"no\"}")]
    [InlineData("{\"other\": true}")]
    [InlineData("not json")]
    [InlineData("[true]")]
    public void When_the_analysis_field_is_not_set_Should_not_detect_an_opt_out(string data) =>
        Assert.Null(OptOutDetector.Detect(Rules, data, "User: Sounds good. Bye."));

    [Fact]
    public void When_the_transcript_has_a_phrase_in_any_case_Should_name_it() =>
        Assert.Equal("transcript: \"remove me from your list\"", OptOutDetector.Detect(Rules, "{}", "User: Please REMOVE ME FROM YOUR LIST now."));

    [Fact]
    public void When_nothing_is_configured_Should_never_detect_an_opt_out() =>
        Assert.Null(OptOutDetector.Detect(ComplianceRules.Default, "{\"opted_out\": true}", "stop calling"));
}
