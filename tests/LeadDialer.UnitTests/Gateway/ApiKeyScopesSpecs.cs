using LeadDialer.Gateway.ApiKeys;
using Microsoft.AspNetCore.Http;

namespace LeadDialer.UnitTests.Gateway;

/// <summary>The one map from a request to the scope it needs (ADR 0009).</summary>
public sealed class ApiKeyScopesSpecs
{
    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "/api/leads", ApiKeyScopes.Read },
        { "HEAD", "/api/leads/3f1c", ApiKeyScopes.Read },
        { "GET", "/api/events", ApiKeyScopes.Read },
        { "GET", "/api/dnc", ApiKeyScopes.Read },
        { "GET", "/api/settings/compliance", ApiKeyScopes.Read },
        { "POST", "/api/leads", ApiKeyScopes.Write },
        { "PUT", "/api/settings/calling", ApiKeyScopes.Write },
        { "DELETE", "/api/leads/3f1c", ApiKeyScopes.Write },
        // Listing a number only restricts calling.
        { "POST", "/api/dnc", ApiKeyScopes.Write },
        { "POST", "/api/dnc/import", ApiKeyScopes.Write },
        { "DELETE", "/api/dnc/+12125550123", ApiKeyScopes.Compliance },
        { "delete", "/API/DNC/+12125550123", ApiKeyScopes.Compliance },
        { "PUT", "/api/settings/compliance", ApiKeyScopes.Compliance },
        { "PUT", "/api/settings/compliance/", ApiKeyScopes.Compliance },
        { "POST", "/admin/api-keys", ApiKeyScopes.Admin },
        { "GET", "/admin/api-keys", ApiKeyScopes.Admin },
        { "GET", "/api/me", null },
        { "POST", "/webhooks/retell", null },
        { "GET", "/", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Should_require_the_scope_the_route_is_mapped_to(string method, string path, string? scope) =>
        Assert.Equal(scope, ApiKeyScopes.Required(method, new PathString(path)));

    [Fact]
    public void Should_not_mistake_a_path_that_only_starts_like_a_compliance_route()
    {
        Assert.Equal(ApiKeyScopes.Write, ApiKeyScopes.Required("DELETE", new PathString("/api/dncx/1")));
        Assert.Equal(ApiKeyScopes.Write, ApiKeyScopes.Required("PUT", new PathString("/api/settings/compliance-extra")));
    }
}
