using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LeadDialer.EndToEndTests.Telemetry;

namespace LeadDialer.EndToEndTests;

/// <summary>The gateway as a client meets it: routes, API keys, rate limits, body limits, docs and health — all through real processes.</summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class GatewaySpecs(LeadDialerSystem system)
{
    /// <summary>A path of every route in appsettings.json, and the service that must receive it.</summary>
    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET", $"/api/leads/{Guid.NewGuid()}", "LeadDialer.Leads" },
        { "GET", "/api/custom-fields", "LeadDialer.Leads" },
        { "GET", "/api/reports/summary", "LeadDialer.Leads" },
        { "GET", "/api/events", "LeadDialer.Leads" },
        { "GET", "/api/settings/calling", "LeadDialer.Dialer" },
        { "GET", "/api/throughput", "LeadDialer.Dialer" },
        { "GET", $"/api/dialer/leads/{Guid.NewGuid()}", "LeadDialer.Dialer" },
        { "GET", "/api/agents", "LeadDialer.ProviderGateway" },
        { "POST", "/webhooks/retell", "LeadDialer.Webhooks" },
        { "GET", "/api/dnc", "LeadDialer.Dialer" },
        { "GET", "/api/settings/compliance", "LeadDialer.Dialer" },
        { "GET", $"/api/leads/{Guid.NewGuid()}/audit", "LeadDialer.Dialer" },
        { "GET", "/api/audit/export.csv", "LeadDialer.Dialer" },
    };

    [Fact]
    public async Task Should_answer_an_api_path_no_service_owns_with_404_problem_details_not_the_console()
    {
        using var response = await system.Gateway.GetAsync("/api/no-such-thing/42");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("No such API", (string?)problem["title"]);
        Assert.Contains("/api/no-such-thing/42", (string?)problem["detail"]);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Should_forward_each_route_to_its_service(string method, string path, string service)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        // Headers only: /api/events is a stream that does not end by itself.
        using (var response = await system.Gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.NotEqual(HttpStatusCode.BadGateway, response.StatusCode);
        }

        // The service's own server span for this exact path proves the request reached it.
        var reached = await system.Otlp.WaitFor(
            spans => spans.Any(s => s.Service == service && s.Kind == CollectedSpan.Server && s.Attributes.GetValueOrDefault("url.path") == path),
            TimeSpan.FromSeconds(15));
        Assert.True(reached, $"{service} recorded no request to {path}. Server spans seen for it:\n{string.Join('\n', system.Otlp.Spans.Where(s => s.Attributes.GetValueOrDefault("url.path") == path))}");
    }

    [Fact]
    public async Task Should_forward_imports_to_the_import_cluster_with_a_body_larger_than_other_routes_allow()
    {
        // 2 MB: over the 1 MB the other routes take, well under the import route's limit.
        using var csv = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        csv.Headers.ContentType = new("text/csv");
        using var response = await system.Gateway.PostAsync("/api/imports", csv);

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        if (system.RunsImport)
        {
            Assert.NotEqual(HttpStatusCode.BadGateway, response.StatusCode);
        }
        else
        {
            // Matched and forwarded to the import cluster, where nothing listens in this system.
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }
    }

    [Fact]
    public async Task Should_refuse_the_api_without_a_key_with_401_problem_details()
    {
        using var response = await system.Anonymous.GetAsync("/api/leads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("API key is missing", (string?)problem["title"]);
        Assert.Contains("X-Api-Key", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Should_refuse_an_unknown_key_with_401_without_echoing_it()
    {
        const string guess = "ld_not-a-key-anyone-issued";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/leads");
        request.Headers.Add("X-Api-Key", guess);
        using var response = await system.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(guess, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_accept_an_issued_key_and_refuse_it_with_403_once_revoked()
    {
        var key = await IssueKey("revocation-spec");
        using (var before = await Get("/api/settings/calling", (string)key["key"]!))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoke = await Admin(HttpMethod.Delete, $"/admin/api-keys/{key["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var after = await Get("/api/settings/calling", (string)key["key"]!);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal("API key was revoked", (string?)(await after.Content.ReadFromJsonAsync<JsonObject>())!["title"]);

        // The list shows the revocation and the prefix, never the key or its hash.
        using var list = await Admin(HttpMethod.Get, "/admin/api-keys");
        var listed = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain((string)key["key"]!, listed);
        var row = JsonNode.Parse(listed)!.AsArray().Single(k => (string?)k!["id"] == (string?)key["id"])!;
        Assert.NotNull((string?)row["revokedAt"]);
        Assert.StartsWith((string)row["prefix"]!, (string)key["key"]!);
    }

    [Fact]
    public async Task Should_allow_only_the_admin_key_or_an_admin_scoped_key_to_issue_keys()
    {
        var key = await IssueKey("not-an-admin", scopes: ["read", "write", "compliance"]);
        using (var refused = await Send(HttpMethod.Post, "/admin/api-keys", (string)key["key"]!, new { name = "sneaky" }))
        {
            await AssertMissingScope(refused, "admin");
        }

        using (var guessed = await Send(HttpMethod.Post, "/admin/api-keys", "ld_not-a-key-anyone-issued", new { name = "sneaky" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        }

        var admin = await IssueKey("key-admin", scopes: ["admin"]);
        using (var issued = await Send(HttpMethod.Post, "/admin/api-keys", (string)admin["key"]!, new { name = "issued-by-a-key" }))
        {
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        }

        // Admin only: the API itself stays closed to it.
        using var api = await Get("/api/settings/calling", (string)admin["key"]!);
        await AssertMissingScope(api, "read");
    }

    [Fact]
    public async Task Should_refuse_writes_to_a_read_key_with_403_naming_the_scope()
    {
        var key = (string)(await IssueKey("read-only"))["key"]!;

        using (var read = await Get("/api/settings/calling", key))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using (var add = await Send(HttpMethod.Post, "/api/leads", key, new { name = "Read Only", phone = LeadDialerSystem.Number("00") }))
        {
            await AssertMissingScope(add, "write");
        }

        var phone = LeadDialerSystem.Number("00");
        using (var list = await Send(HttpMethod.Post, "/api/dnc", key, new { phone }))
        {
            await AssertMissingScope(list, "write");
        }

        // Refused at the gateway: nothing reached the Dialer's do-not-call list.
        var listed = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc?phone={Uri.EscapeDataString(phone)}"))!;
        Assert.Empty(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task Should_let_only_a_compliance_key_take_a_number_off_the_do_not_call_list()
    {
        var phone = LeadDialerSystem.Number("00");
        var writer = (string)(await IssueKey("writer", scopes: ["read", "write"]))["key"]!;
        var officer = await IssueKey("compliance-officer", scopes: ["compliance"]);
        using (var listed = await Send(HttpMethod.Post, "/api/dnc", writer, new { phone, reason = "Asked not to be called" }))
        {
            Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
        }

        using (var refused = await Send(HttpMethod.Delete, $"/api/dnc/{Uri.EscapeDataString(phone)}", writer, new { reason = "Consent given" }))
        {
            await AssertMissingScope(refused, "compliance");
        }

        Assert.Single((await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc?phone={Uri.EscapeDataString(phone)}"))!["items"]!.AsArray());

        using (var removed = await Send(HttpMethod.Delete, $"/api/dnc/{Uri.EscapeDataString(phone)}", (string)officer["key"]!, new { reason = "Consent given" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Empty((await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc?phone={Uri.EscapeDataString(phone)}"))!["items"]!.AsArray());
        var removal = Assert.Single((await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc/removals?phone={Uri.EscapeDataString(phone)}"))!["items"]!.AsArray())!;
        Assert.Equal((string?)officer["id"], (string?)removal["removedBy"]);

        // Compliance settings are the compliance scope's too.
        var settings = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/settings/compliance"))!;
        using (var put = await Send(HttpMethod.Put, "/api/settings/compliance", writer, settings))
        {
            await AssertMissingScope(put, "compliance");
        }
    }

    [Fact]
    public async Task Should_tell_a_key_its_id_and_scopes_at_api_me()
    {
        var key = await IssueKey("who-am-i", scopes: ["write", "read"]);
        using var response = await Get("/api/me", (string)key["key"]!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((string?)key["id"], (string?)me["keyId"]);
        Assert.Equal("who-am-i", (string?)me["name"]);
        Assert.Equal(new[] { "read", "write" }, me["scopes"]!.AsArray().Select(s => (string)s!));

        var bootstrap = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Equal(new[] { "read", "write", "compliance" }, bootstrap["scopes"]!.AsArray().Select(s => (string)s!));

        using var anonymous = await system.Anonymous.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_to_issue_a_key_with_an_unknown_scope()
    {
        using var response = await Admin(HttpMethod.Post, "/admin/api-keys", new { name = "typo", scopes = new[] { "reed" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["scopes"]);
    }

    [Fact]
    public async Task Should_limit_requests_without_a_valid_key_per_address_and_starve_neither_keyed_clients_nor_webhooks_nor_other_addresses()
    {
        var address = LeadDialerSystem.UniqueLoopbackAddress();
        using var guesser = system.FromAddress(address, "ld_a-guess-at-a-key");
        var (refused, limited) = await UntilLimited(() => guesser.GetAsync("/api/leads"), 500);
        Assert.All(refused, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        await AssertTooManyRequests(limited, "without a valid API key");

        // The same address with a valid key is served; its signed-or-not webhooks reach Webhooks.
        using (var keyed = system.FromAddress(address, LeadDialerSystem.ApiKey))
        using (var served = await keyed.GetAsync("/api/settings/calling"))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using (var webhook = await guesser.PostAsync("/webhooks/retell", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, webhook.StatusCode);
            Assert.Equal("Invalid webhook signature", (string?)(await webhook.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        }

        using var elsewhere = system.FromAddress(LeadDialerSystem.UniqueLoopbackAddress(), "ld_a-guess-at-a-key");
        using var other = await elsewhere.GetAsync("/api/leads");
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task Should_limit_admin_requests_per_address_even_with_the_admin_key()
    {
        using var admin = system.FromAddress(LeadDialerSystem.UniqueLoopbackAddress(), LeadDialerSystem.ApiKey);
        var (served, limited) = await UntilLimited(() => admin.GetAsync("/admin/api-keys"), 500);
        Assert.NotEmpty(served);
        Assert.All(served, status => Assert.Equal(HttpStatusCode.OK, status));
        await AssertTooManyRequests(limited, "/admin");

        using var elsewhere = system.FromAddress(LeadDialerSystem.UniqueLoopbackAddress(), LeadDialerSystem.ApiKey);
        using var other = await elsewhere.GetAsync("/admin/api-keys");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Should_cap_open_event_streams_per_key_with_429_and_take_a_new_one_once_one_closes()
    {
        var key = (string)(await IssueKey("stream-cap"))["key"]!;
        const int cap = 5;
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < cap; i++)
            {
                var stream = await Stream(key);
                open.Add(stream);
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            }

            using (var refused = await Stream(key))
            {
                await AssertTooManyRequests(refused, "event streams");
            }

            // Another key's streams are its own.
            using (var other = await Stream(LeadDialerSystem.ApiKey))
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            }

            open[0].Dispose();
            open.RemoveAt(0);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            HttpStatusCode status;
            do
            {
                using var again = await Stream(key);
                status = again.StatusCode;
            }
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    Task<HttpResponseMessage> Stream(string apiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("X-Api-Key", apiKey);
        return system.Anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Sends until the gateway answers 429 (at most <paramref name="most"/> times): the statuses before it, and the 429.</summary>
    static async Task<(List<HttpStatusCode> Before, HttpResponseMessage Limited)> UntilLimited(Func<Task<HttpResponseMessage>> send, int most)
    {
        var before = new List<HttpStatusCode>();
        for (var i = 0; i < most; i++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (before, response);
            }

            before.Add(response.StatusCode);
            response.Dispose();
        }

        Assert.Fail($"No 429 in {most} requests; answered {string.Join(", ", before.Distinct())}.");
        throw new InvalidOperationException();
    }

    static async Task AssertTooManyRequests(HttpResponseMessage response, string detailMentions)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("Too many requests", (string?)problem["title"]);
            Assert.Contains(detailMentions, (string?)problem["detail"]);
        }
    }

    static async Task AssertMissingScope(HttpResponseMessage response, string scope)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Missing scope", (string?)problem["title"]);
        Assert.Equal(scope, (string?)problem["requiredScope"]);
        Assert.Contains($"'{scope}'", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Should_limit_each_key_with_429_and_retry_after_leaving_other_keys_alone()
    {
        var limited = await IssueKey("rate-limit-spec", permitsPerSecond: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Get("/api/settings/calling", (string)limited["key"]!)));
        try
        {
            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(refused);
            var retryAfter = refused[0].Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            var problem = await refused[0].Content.ReadAsStringAsync();
            Assert.Contains("Too many requests", problem);
            Assert.DoesNotContain((string)limited["key"]!, problem);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Another key's bucket is its own.
        using var other = await system.Gateway.GetAsync("/api/settings/calling");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_body_over_the_route_limit_with_413_naming_the_limit()
    {
        // With Content-Length: refused before anything is forwarded. Expect: 100-continue (as curl
        // sends for large bodies) lets the client hear the 413 before it uploads the body at all.
        var name = new string('x', 2 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { name, phone = "+12125550123", email = "a@b.c" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Request body too large", (string?)problem["title"]);
        Assert.Contains("1,048,576 bytes", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Should_refuse_a_chunked_body_that_outgrows_the_route_limit_with_413()
    {
        // No Content-Length: the limit is found while the body is being forwarded.
        using var content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_take_webhooks_without_an_api_key_and_leave_them_to_the_signature()
    {
        // Signed as Retell signs: accepted without any API key.
        var body = Encoding.UTF8.GetBytes("""{"event":"call_started","call":{"call_id":"gateway-spec"}}""");
        using (var signed = new ByteArrayContent(body))
        {
            signed.Headers.ContentType = new("application/json");
            signed.Headers.Add("x-retell-signature", RetellSignature(body, LeadDialerSystem.RetellApiKey));
            using var accepted = await system.Anonymous.PostAsync("/webhooks/retell", signed);
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        }

        // Unsigned: refused by the Webhooks service (its signature check), not by the gateway.
        using var unsigned = await system.Anonymous.PostAsync("/webhooks/retell", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("Invalid webhook signature", (string?)(await unsigned.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_serve_every_service_document_and_the_reference_at_docs()
    {
        using var docs = await system.Anonymous.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);

        var leads = (await system.Anonymous.GetFromJsonAsync<JsonObject>("/openapi/leads.json"))!;
        var addLead = leads["paths"]!["/api/leads"]!["post"]!;
        Assert.Equal("LeadDialer.Leads", (string?)leads["info"]!["title"]);
        Assert.StartsWith("Add a lead", (string?)addLead["summary"]);
        Assert.NotNull(addLead["requestBody"]!["content"]!["application/json"]!["example"]);
        Assert.NotNull(addLead["responses"]!["400"]);
        Assert.NotNull(addLead["responses"]!["401"]);
        Assert.NotNull(leads["paths"]!["/api/leads/{id}"]!["get"]!["responses"]!["404"]);

        foreach (var (document, path) in new[] { ("dialer", "/api/settings/calling"), ("webhooks", "/webhooks/retell"), ("v1", "/admin/api-keys") })
        {
            var json = (await system.Anonymous.GetFromJsonAsync<JsonObject>($"/openapi/{document}.json"))!;
            Assert.True(json["paths"]?[path] is not null, $"/openapi/{document}.json has no {path}: {json["paths"]?.ToJsonString()}");
        }

        // The provider gateway publishes its document even before it has /api/agents.
        using var providers = await system.Anonymous.GetAsync("/openapi/providergateway.json");
        Assert.Equal(HttpStatusCode.OK, providers.StatusCode);
    }

    [Fact]
    public async Task Should_add_security_headers_and_hide_the_server()
    {
        using var response = await system.Gateway.GetAsync("/api/settings/calling");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Should_report_every_service_in_the_gateway_health()
    {
        using var response = await system.Anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await response.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!;

        foreach (var cluster in new[] { "leads", "dialer", "providergateway", "webhooks" })
        {
            Assert.Equal("Healthy", (string?)checks[cluster]?["status"]);
        }

        // Nothing listens for the import cluster here: reported, without failing the gateway.
        if (!system.RunsImport)
        {
            Assert.Equal("Degraded", (string?)checks["import"]?["status"]);
        }

        Assert.Equal("Healthy", (string?)checks["postgres"]?["status"]);
    }

    [Fact]
    public async Task Should_never_write_an_api_key_to_logs_or_traces()
    {
        var key = await IssueKey("secrecy-spec");
        using (var response = await Get("/api/settings/calling", (string)key["key"]!))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Give the exporters a moment to send the request's spans, then look everywhere.
        await system.Otlp.WaitFor(spans => spans.Any(s => s.Attributes.GetValueOrDefault("leaddialer.api_key_id") == (string?)key["id"]), TimeSpan.FromSeconds(10));
        foreach (var secret in new[] { (string)key["key"]!, LeadDialerSystem.ApiKey })
        {
            Assert.DoesNotContain(system.Otlp.Spans, s => s.Attributes.Values.Any(v => v.Contains(secret, StringComparison.Ordinal)));
            foreach (var (name, log) in system.Logs())
            {
                Assert.False(log.Contains(secret, StringComparison.Ordinal), $"{name}'s log contains an API key");
            }
        }
    }

    Task<JsonObject> IssueKey(string name, int? permitsPerSecond = null, string[]? scopes = null) => system.IssueKey(name, scopes, permitsPerSecond);

    Task<HttpResponseMessage> Admin(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", LeadDialerSystem.ApiKey);
        return system.Anonymous.SendAsync(request);
    }

    Task<HttpResponseMessage> Get(string path, string apiKey) => Send(HttpMethod.Get, path, apiKey);

    Task<HttpResponseMessage> Send(HttpMethod method, string path, string apiKey, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", apiKey);
        return system.Anonymous.SendAsync(request);
    }

    /// <summary>Retell's x-retell-signature: v=&lt;unix ms&gt;,d=hex(HMAC-SHA256(key, body + timestamp)).</summary>
    static string RetellSignature(byte[] body, string apiKey)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKey), body.Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray());
        return $"v={timestamp},d={Convert.ToHexStringLower(digest)}";
    }
}
