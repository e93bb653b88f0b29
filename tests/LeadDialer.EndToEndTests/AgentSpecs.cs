using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LeadDialer.EndToEndTests;

/// <summary><c>/api/agents</c> through the gateway, and what the agent changes in the call placed.</summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class AgentSpecs(LeadDialerSystem system)
{
    [Fact]
    public async Task The_configured_Retell_agent_exists_at_start_up_as_the_default_and_places_the_calls()
    {
        var agents = await system.Agents();
        var first = agents[0];
        Assert.True((bool)first["isDefault"]!);
        Assert.Equal("retell", (string?)first["provider"]);
        Assert.Equal("agent_dev", (string?)first["externalAgentId"]);

        var phone = LeadDialerSystem.Number("11");
        await system.AddLead(phone);
        var call = await system.WaitForCallTo(phone);

        Assert.Equal("agent_dev", (string?)call["request"]!["override_agent_id"]);
        Assert.Equal((string?)first["fromNumber"], (string?)call["request"]!["from_number"]);
    }

    [Fact]
    public async Task An_agent_is_created_changed_and_deleted()
    {
        var created = await system.Gateway.PostAsJsonAsync("/api/agents", new
        {
            name = "Second Retell agent",
            provider = "retell",
            externalAgentId = "agent_second",
            fromNumber = "+15550000002",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agent = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)agent["id"]!;
        Assert.False((bool)agent["isDefault"]!);
        Assert.Equal($"/api/agents/{id}", created.Headers.Location!.OriginalString);

        var changed = await system.Gateway.PutAsJsonAsync($"/api/agents/{id}", new
        {
            name = "Renamed",
            provider = "retell",
            externalAgentId = "agent_second_v2",
            fromNumber = "+15550000002",
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var read = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/agents/{id}"))!;
        Assert.Equal("Renamed", (string?)read["name"]);
        Assert.Equal("agent_second_v2", (string?)read["externalAgentId"]);

        Assert.Equal(HttpStatusCode.NoContent, (await system.Gateway.DeleteAsync($"/api/agents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await system.Gateway.GetAsync($"/api/agents/{id}")).StatusCode);
        Assert.DoesNotContain(await system.Agents(), a => (string?)a["id"] == id);
    }

    [Fact]
    public async Task An_agent_without_what_its_provider_needs_is_refused_with_the_fields_named()
    {
        var response = await system.Gateway.PostAsJsonAsync("/api/agents", new
        {
            name = "Broken",
            provider = "vapi",
            assistantId = (string?)null,
            firstMessage = "",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["phoneNumberId"]);
        Assert.NotNull(problem["errors"]!["firstMessage"]);
    }
}
