using Scalar.AspNetCore;

namespace LeadDialer.Gateway.Docs;

/// <summary>
/// <c>/docs</c>: Scalar over every service's OpenAPI document. Each service publishes
/// <c>/openapi/v1.json</c>; the gateway forwards <c>/openapi/{cluster}.json</c> to it (routes
/// <c>openapi-*</c> in appsettings.json), and serves its own admin API as <c>/openapi/v1.json</c>.
/// </summary>
public static class DocsExtensions
{
    static readonly (string Name, string Title)[] Documents =
    [
        ("leads", "Leads"),
        ("import", "Import"),
        ("dialer", "Dialer"),
        ("providergateway", "Agents (ProviderGateway)"),
        ("webhooks", "Webhooks"),
        ("v1", "Gateway admin"),
    ];

    public static WebApplication MapDocs(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("LeadDialer API");
            foreach (var (name, title) in Documents)
            {
                options.AddDocument(name, title, $"/openapi/{name}.json", isDefault: name == "leads");
            }
        });
        return app;
    }
}
