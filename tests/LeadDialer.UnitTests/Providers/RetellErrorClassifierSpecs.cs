using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Retell;

namespace LeadDialer.UnitTests.Providers;

public class RetellErrorClassifierSpecs
{
    public static TheoryData<int, string, ErrorKind, string> RetellAnswers => new()
    {
        { 400, """{"status":"error","message":"to_number is not a valid E.164 number format"}""", ErrorKind.Permanent, "Invalid phone number format" },
        { 400, """{"status":"error","message":"Invalid phone number: must be E.164"}""", ErrorKind.Permanent, "Invalid phone number format" },
        { 400, """{"status":"error","message":"+15550000000 is not a valid number"}""", ErrorKind.Permanent, "Phone number does not exist" },
        { 400, """{"status":"error","message":"from_number must be in E.164 format"}""", ErrorKind.Permanent, "Phone number not registered" },
        { 400, """{"status":"error","message":"Invalid request format, please check API reference."}""", ErrorKind.Temporary, "Unknown error" },
        { 401, """{"status":"error","message":"API key is missing or invalid."}""", ErrorKind.Permanent, "API key is invalid or missing" },
        { 401, "", ErrorKind.Permanent, "API key is invalid or missing" },
        { 403, """{"status":"error","message":"Forbidden"}""", ErrorKind.Permanent, "API key is invalid or missing" },
        { 402, """{"status":"error","message":"Trial has ended, please add payment method."}""", ErrorKind.Permanent, "Payment required" },
        { 404, """{"status":"error","message":"to_number not found"}""", ErrorKind.Permanent, "Phone number does not exist" },
        { 404, """{"error_message":"Phone number not found"}""", ErrorKind.Permanent, "Phone number does not exist" },
        { 404, """{"status":"error","message":"Agent not found"}""", ErrorKind.Permanent, "Agent or assistant not found" },
        { 422, """{"status":"error","message":"Cannot find from_number +15550000001 under given api key."}""", ErrorKind.Permanent, "Phone number not registered" },
        { 422, """{"status":"error","message":"Cannot find agent agent_x under given api key."}""", ErrorKind.Permanent, "Agent or assistant not found" },
        { 422, """{"status":"error","message":"Cannot find requested asset under given api key."}""", ErrorKind.Permanent, "Agent or assistant not found" },
        // As the provider simulator words them.
        { 400, """{"status":"error","message":"to_number must be in E.164 format (e.g. +14155550123), got \"555-1234\"."}""", ErrorKind.Permanent, "Invalid phone number format" },
        { 422, """{"status":"error","message":"Item +15550000001 not found from phone-number (simulated)."}""", ErrorKind.Permanent, "Phone number not registered" },
        { 429, """{"status":"error","message":"Account rate limited, please throttle your requests."}""", ErrorKind.Temporary, "Rate limit exceeded" },
        { 500, """{"status":"error","message":"An unexpected server error occurred."}""", ErrorKind.Temporary, "Server error" },
        { 502, "<html>Bad gateway</html>", ErrorKind.Temporary, "Server error" },
        { 503, "", ErrorKind.Temporary, "Server error" },
        { 408, "", ErrorKind.Temporary, "Network or connection error" },
        { 409, """{"status":"error","message":"Conflict"}""", ErrorKind.Temporary, "Unknown error" },
        { 418, "I'm a teapot", ErrorKind.Temporary, "Unknown error" },
    };

    [Theory]
    [MemberData(nameof(RetellAnswers))]
    public void Should_classify_a_refused_create_in_the_guides_words(int status, string body, ErrorKind kind, string reason)
    {
        var error = RetellErrorClassifier.Classify(status, body);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Should_keep_the_providers_message_verbatim()
    {
        var error = RetellErrorClassifier.Classify(422, """{"status":"error","message":"Cannot find requested asset under given api key."}""");

        Assert.Equal("Cannot find requested asset under given api key.", error.ProviderMessage);
    }

    [Fact]
    public void Should_read_the_legacy_error_message_body()
    {
        var error = RetellErrorClassifier.Classify(400, """{"error_message":"to_number must be E.164"}""");

        Assert.Equal(new LeadError(ErrorKind.Permanent, "Invalid phone number format", "to_number must be E.164"), error with { Fix = null });
        // Retell's section of the guide, not a hint posing as the provider's message.
        Assert.StartsWith("Format: +[country code][number] (e.g., +14155551234). No spaces, dashes, or parentheses. Must start with +.", error.Fix);
    }

    [Fact]
    public void Should_keep_a_non_json_body_as_the_message()
    {
        Assert.Equal("<html>Bad gateway</html>", RetellErrorClassifier.Classify(502, "  <html>Bad gateway</html>\n").ProviderMessage);
        Assert.Null(RetellErrorClassifier.Classify(503, "").ProviderMessage);
    }
}
