using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Retell;

namespace LeadDialer.UnitTests.Providers;

public class RetellCallRequestBuilderSpecs
{
    static readonly Guid LeadId = Guid.Parse("0b4f3a86-1d2e-4c5b-9a7f-112233445566");
    static readonly Guid CallAttemptId = Guid.Parse("7e9d8c1b-2a3f-4e5d-8c6b-665544332211");
    static readonly Agent Options = new() { Name = "Retell", Provider = ProviderNames.Retell, FromNumber = "+15550000001", ExternalAgentId = "agent_dev" };

    static PlaceCall Command(string name = "Ada Lovelace", string? company = "Analytical Engines", string? timezone = null, Dictionary<string, string>? custom = null) =>
        new(LeadId, 3, CallAttemptId, new LeadDetails(
            name, "+14155551234", "ada@example.com", company, timezone, custom ?? new Dictionary<string, string> { ["job_title"] = "Countess", ["budget"] = "5000" }));

    [Theory]
    [InlineData("Ada Lovelace", "Ada", "Lovelace")]
    [InlineData("Ada King Lovelace", "Ada", "King Lovelace")]
    [InlineData("  Ada   Lovelace  ", "Ada", "Lovelace")]
    [InlineData("Cher", "Cher", "")]
    [InlineData("", "", "")]
    [InlineData("   ", "", "")]
    public void Should_split_the_name_into_first_and_last(string name, string first, string last)
    {
        var variables = RetellCallRequestBuilder.Build(Command(name), Options).RetellLlmDynamicVariables;

        Assert.Equal(first, variables["first_name"]);
        Assert.Equal(last, variables["last_name"]);
    }

    [Fact]
    public void Should_send_every_standard_field_with_empty_strings_for_missing_ones()
    {
        var variables = RetellCallRequestBuilder.Build(Command(company: null, timezone: null), Options).RetellLlmDynamicVariables;

        Assert.Equal("Ada Lovelace", variables["customer_name"]);
        Assert.Equal("ada@example.com", variables["email_address"]);
        Assert.Equal("+14155551234", variables["phone_number"]);
        Assert.Equal("", variables["company_name"]);
        Assert.Equal("", variables["timezone"]);
    }

    [Fact]
    public void Should_send_every_custom_field()
    {
        var variables = RetellCallRequestBuilder.Build(Command(), Options).RetellLlmDynamicVariables;

        Assert.Equal("Countess", variables["job_title"]);
        Assert.Equal("5000", variables["budget"]);
        Assert.Equal(9, variables.Count);
    }

    [Fact]
    public void Should_not_let_a_custom_field_shadow_a_standard_one()
    {
        var variables = RetellCallRequestBuilder.Build(Command(custom: new() { ["first_name"] = "Imposter" }), Options).RetellLlmDynamicVariables;

        Assert.Equal("Ada", variables["first_name"]);
    }

    [Fact]
    public void Should_write_the_body_Retell_expects_with_all_variables_as_strings()
    {
        var request = RetellCallRequestBuilder.Build(Command(timezone: "America/New_York"), Options);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(request));
        var root = json.RootElement;

        Assert.Equal("+15550000001", root.GetProperty("from_number").GetString());
        Assert.Equal("+14155551234", root.GetProperty("to_number").GetString());
        Assert.Equal("agent_dev", root.GetProperty("override_agent_id").GetString());

        var variables = root.GetProperty("retell_llm_dynamic_variables");
        Assert.All(variables.EnumerateObject(), v => Assert.Equal(JsonValueKind.String, v.Value.ValueKind));
        Assert.Equal("America/New_York", variables.GetProperty("timezone").GetString());

        var metadata = root.GetProperty("metadata");
        Assert.Equal(LeadId.ToString(), metadata.GetProperty("lead_id").GetString());
        Assert.Equal(3, metadata.GetProperty("attempt").GetInt32());
        Assert.Equal(CallAttemptId.ToString(), metadata.GetProperty("call_attempt_id").GetString());
        Assert.Equal(3, metadata.EnumerateObject().Count());
    }
}
