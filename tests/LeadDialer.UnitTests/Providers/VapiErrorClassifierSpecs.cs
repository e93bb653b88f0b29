using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Vapi;
using LeadDialer.ProviderGateway.Calls;

namespace LeadDialer.UnitTests.Providers;

/// <summary>Vapi's refusals of <c>POST /call</c> in the guide's words (its "Vapi Provider Errors" section).</summary>
public class VapiErrorClassifierSpecs
{
    public static TheoryData<int, string, ErrorKind, string> VapiAnswers => new()
    {
        { 400, """{"message":["customer.number must be a valid phone number in the E.164 format. Hot tip, you may be missing the country code (Eg. US: +1)."],"error":"Bad Request","statusCode":400}""", ErrorKind.Permanent, "Invalid lead phone number format" },
        { 400, """{"message":"Couldn't Get Phone Number. Phone Number pn_1 Not Found (simulated).","error":"Bad Request","statusCode":400}""", ErrorKind.Permanent, "Phone number not registered in account" },
        { 404, """{"message":"Phone number not found","error":"Not Found","statusCode":404}""", ErrorKind.Permanent, "Phone number not registered in account" },
        { 400, """{"message":["phoneNumberId must be a string"],"error":"Bad Request","statusCode":400}""", ErrorKind.Permanent, "Agent phone number configuration error" },
        { 400, """{"message":"Couldn't Get Assistant. `assistantId` asst_x Does Not Exist.","error":"Bad Request","statusCode":400}""", ErrorKind.Permanent, "Agent or assistant configuration not found" },
        { 404, """{"message":"Assistant not found","error":"Not Found","statusCode":404}""", ErrorKind.Permanent, "Agent or assistant configuration not found" },
        { 401, """{"message":"Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.","error":"Unauthorized","statusCode":401}""", ErrorKind.Permanent, "API key is invalid or missing" },
        { 403, """{"message":"Forbidden","statusCode":403}""", ErrorKind.Permanent, "API key is invalid or missing" },
        { 402, """{"message":"Wallet balance too low","statusCode":402}""", ErrorKind.Permanent, "Payment required" },
        { 400, """{"message":"Insufficient credits","statusCode":400}""", ErrorKind.Permanent, "Payment required" },
        { 400, """{"message":"Over Concurrency Limit.","statusCode":400}""", ErrorKind.Temporary, "Rate limit exceeded" },
        { 429, """{"message":"Rate limit exceeded","error":"Too Many Requests","statusCode":429}""", ErrorKind.Temporary, "Rate limit exceeded" },
        { 500, """{"message":"Internal server error","statusCode":500}""", ErrorKind.Temporary, "Server error" },
        { 503, "", ErrorKind.Temporary, "Server error" },
        { 408, "", ErrorKind.Temporary, "Network or connection error" },
        // A property LeadDialer should not have sent is LeadDialer's bug, not the lead's: not failed.
        { 400, """{"message":["property metadata should not exist"],"error":"Bad Request","statusCode":400}""", ErrorKind.Temporary, "Unknown error" },
        { 418, "teapot", ErrorKind.Temporary, "Unknown error" },
    };

    [Theory]
    [MemberData(nameof(VapiAnswers))]
    public void Should_classify_a_refused_create_in_the_guides_words(int status, string body, ErrorKind kind, string reason)
    {
        var error = VapiErrorClassifier.Classify(status, body);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(reason, error.Reason);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    [Fact]
    public void Should_join_a_list_of_messages_into_the_provider_message()
    {
        var error = VapiErrorClassifier.Classify(400, """{"message":["a must be set","b must be set"],"statusCode":400}""");

        Assert.Equal("a must be set; b must be set", error.ProviderMessage);
    }

    public static TheoryData<string> AccountErrors => new()
    {
        "API key is invalid or missing", "Agent or assistant not found", "Agent or assistant configuration not found",
        "Phone number not registered", "Phone number not registered in account", "Agent phone number configuration error", "Payment required",
    };

    [Theory]
    [MemberData(nameof(AccountErrors))]
    public void Should_treat_account_and_configuration_errors_as_pausing_the_agent(string reason) =>
        Assert.True(ProviderErrorClassifier.IsAccountOrConfigurationError(reason));

    [Theory]
    [InlineData("Invalid phone number format")]
    [InlineData("Invalid lead phone number format")]
    [InlineData("Phone number does not exist")]
    [InlineData("Rate limit exceeded")]
    [InlineData("Server error")]
    public void Should_not_pause_the_agent_for_a_problem_of_one_lead_or_a_passing_one(string reason) =>
        Assert.False(ProviderErrorClassifier.IsAccountOrConfigurationError(reason));
}
