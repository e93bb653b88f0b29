using System.Text.Json;
using LeadDialer.ProviderSimulator.Retell;

namespace LeadDialer.ProviderSimulator.Tests;

public class CreatePhoneCallRequestTests
{
    private static (CreatePhoneCallRequest? Request, string? Error) Parse(string json) =>
        CreatePhoneCallRequest.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void A_full_valid_request_is_parsed()
    {
        var (request, error) = Parse("""
            {
              "from_number": "+14155550001",
              "to_number": "+14155550123",
              "override_agent_id": "agent_42",
              "override_agent_version": 3,
              "retell_llm_dynamic_variables": { "customer_name": "Ada", "city": "Berlin" },
              "metadata": { "lead_id": "7f1c", "attempt": 2, "nested": { "x": [1, 2] } }
            }
            """);

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal("+14155550001", request.FromNumber);
        Assert.Equal("+14155550123", request.ToNumber);
        Assert.Equal("agent_42", request.OverrideAgentId);
        Assert.Equal(3, request.OverrideAgentVersion);
        Assert.Equal("Ada", request.DynamicVariables!["customer_name"]);
        Assert.Equal(2, (int)request.Metadata!["attempt"]!);
    }

    [Fact]
    public void Only_the_two_numbers_are_required()
    {
        var (request, error) = Parse("""{"from_number":"+14155550001","to_number":"+14155550123"}""");

        Assert.Null(error);
        Assert.Null(request!.Metadata);
        Assert.Null(request.DynamicVariables);
    }

    [Theory]
    [InlineData("""{"customer_name": 42}""", "retell_llm_dynamic_variables.customer_name")]
    [InlineData("""{"ok": "yes", "vip": true}""", "retell_llm_dynamic_variables.vip")]
    [InlineData("""{"address": {"city": "Berlin"}}""", "retell_llm_dynamic_variables.address")]
    [InlineData("""{"nothing": null}""", "retell_llm_dynamic_variables.nothing")]
    public void A_non_string_dynamic_variable_is_rejected_naming_it(string variables, string expectedField)
    {
        var (request, error) = Parse($$"""{"from_number":"+14155550001","to_number":"+14155550123","retell_llm_dynamic_variables":{{variables}}}""");

        Assert.Null(request);
        Assert.NotNull(error);
        Assert.Contains(expectedField, error);
    }

    [Theory]
    [InlineData("""{"to_number":"+14155550123"}""", "from_number")]
    [InlineData("""{"from_number":"+14155550001"}""", "to_number")]
    [InlineData("""{"from_number":"+14155550001","to_number":"4155550123"}""", "to_number")]
    [InlineData("""{"from_number":"+14155550001","to_number":"+0155550123"}""", "to_number")]
    [InlineData("""{"from_number":"+14155550001","to_number":"+1415555012345678"}""", "to_number")]
    [InlineData("""{"from_number":"555-0001","to_number":"+14155550123"}""", "from_number")]
    [InlineData("""{"from_number":"+14155550001","to_number":14155550123}""", "to_number")]
    [InlineData("""{"from_number":"+14155550001","to_number":"+14155550123","metadata":"lead-1"}""", "metadata")]
    [InlineData("""{"from_number":"+14155550001","to_number":"+14155550123","retell_llm_dynamic_variables":["a"]}""", "retell_llm_dynamic_variables")]
    [InlineData("""{"from_number":"+14155550001","to_number":"+14155550123","override_agent_id":""}""", "override_agent_id")]
    [InlineData("""["+14155550001"]""", "JSON object")]
    public void Invalid_requests_are_rejected_naming_the_field(string json, string expectedInMessage)
    {
        var (request, error) = Parse(json);

        Assert.Null(request);
        Assert.Contains(expectedInMessage, error);
    }

    [Fact]
    public void Ignore_e164_validation_relaxes_only_the_from_number()
    {
        Assert.Null(Parse("""{"from_number":"1001","to_number":"+14155550123","ignore_e164_validation":true}""").Error);
        Assert.NotNull(Parse("""{"from_number":"+14155550001","to_number":"1001","ignore_e164_validation":true}""").Error);
    }
}
