using System.Net;
using LeadDialer.ServiceDefaults;
using LeadDialer.UnitTests.Deploy;
using Microsoft.Extensions.DependencyInjection;

namespace LeadDialer.UnitTests.ServiceDefaults;

/// <summary>
/// The clients between services (<see cref="ServiceClients.AddServiceClient{TClient}"/>): a GET that meets
/// a passing failure is retried; a POST is sent once, because the other service may have acted on it.
/// </summary>
public sealed class ServiceClientSpecs
{
    public sealed class PeerClient(HttpClient http)
    {
        public HttpClient Http { get; } = http;
    }

    /// <summary>Answers 503 for the first <paramref name="failures"/> requests, then 200, counting them.</summary>
    sealed class FlakyPeer(int failures) : HttpMessageHandler
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(Interlocked.Increment(ref Requests) <= failures ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
    }

    static (PeerClient Client, FlakyPeer Peer) Build(int failures)
    {
        var peer = new FlakyPeer(failures);
        var services = new ServiceCollection();
        services.AddServiceClient<PeerClient>(TimeSpan.FromSeconds(5), (_, http) => http.BaseAddress = new Uri("http://peer.invalid"))
            .ConfigurePrimaryHttpMessageHandler(() => peer);
        var client = services.BuildServiceProvider().GetRequiredService<PeerClient>();
        return (client, peer);
    }

    [Fact]
    public async Task A_get_that_meets_a_passing_503_is_retried_and_succeeds()
    {
        var (client, peer) = Build(failures: 1);

        using var response = await client.Http.GetAsync("/api/custom-fields");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, peer.Requests);
    }

    [Fact]
    public async Task A_post_is_sent_once_even_when_it_fails()
    {
        var (client, peer) = Build(failures: 1);

        using var response = await client.Http.PostAsync("/api/leads", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, peer.Requests);
    }

    [Fact]
    public void The_console_carries_neither_the_bus_nor_a_database()
    {
        // ADR 0005: the console talks only to the gateway. Nothing it references, directly or through
        // another project, may bring MassTransit's runtime, EF Core or Npgsql.
        var packages = PackagesOf(Path.Combine(Repository.Root, "services", "Console", "LeadDialer.Console", "LeadDialer.Console.csproj"), []);

        Assert.Contains("Microsoft.Extensions.Http.Resilience", packages);
        Assert.DoesNotContain(packages, name => name is "MassTransit" or "MassTransit.RabbitMQ" or "Npgsql" || name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    static HashSet<string> PackagesOf(string project, HashSet<string> seen)
    {
        var packages = new HashSet<string>(StringComparer.Ordinal);
        if (!seen.Add(Path.GetFullPath(project)))
        {
            return packages;
        }

        var document = System.Xml.Linq.XDocument.Load(project);
        foreach (var element in document.Descendants())
        {
            var include = element.Attribute("Include")?.Value;
            if (include is null)
            {
                continue;
            }

            if (element.Name.LocalName == "PackageReference")
            {
                packages.Add(include);
            }
            else if (element.Name.LocalName == "ProjectReference")
            {
                var referenced = Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', Path.DirectorySeparatorChar));
                packages.UnionWith(PackagesOf(referenced, seen));
            }
        }

        return packages;
    }
}
