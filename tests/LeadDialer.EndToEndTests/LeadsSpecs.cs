using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using LeadDialer.Contracts;
using MassTransit;

namespace LeadDialer.EndToEndTests;

/// <summary>The Leads service through the gateway: fixing and reactivating, live status, the bus contract, lists and reports.</summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class LeadsSpecs(LeadDialerSystem system)
{
    [Fact]
    public async Task A_lead_added_with_a_malformed_phone_fixed_with_PATCH_and_reactivated_ends_completed()
    {
        var lead = await system.AddLead("(212) 555-1234");
        var id = (string)lead["id"]!;
        Assert.Equal("failed", (string?)lead["status"]);

        var stillInvalid = await system.Gateway.PostAsync($"/api/leads/{id}/reactivate", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stillInvalid.StatusCode);
        Assert.Contains("E.164", await stillInvalid.Content.ReadAsStringAsync());

        var badFix = await system.Gateway.PatchAsJsonAsync($"/api/leads/{id}", new { phone = "212-555-1234" });
        Assert.Equal(HttpStatusCode.BadRequest, badFix.StatusCode);
        Assert.Equal("(212) 555-1234", (string?)(await system.GetLead(id))["phone"]);

        var phone = LeadDialerSystem.Number("00");
        var fixedLead = await system.Gateway.PatchAsJsonAsync($"/api/leads/{id}", new { phone });
        Assert.Equal(HttpStatusCode.OK, fixedLead.StatusCode);
        Assert.Equal("failed", (string?)(await system.GetLead(id))["status"]);
        Assert.Empty(await system.CallRequestsTo(phone));

        // "Manually change status back to pending" is reactivation: a PATCH of the status says so.
        var statusPatch = await system.Gateway.PatchAsJsonAsync($"/api/leads/{id}", new { status = "pending" });
        Assert.Equal(HttpStatusCode.BadRequest, statusPatch.StatusCode);
        var problem = JsonNode.Parse(await statusPatch.Content.ReadAsStringAsync())!;
        Assert.Contains("POST /api/leads/{id}/reactivate", (string?)problem["errors"]!["status"]![0]);
        Assert.Equal($"/api/leads/{id}/reactivate", (string?)problem["reactivate"]);
        Assert.Equal("failed", (string?)(await system.GetLead(id))["status"]);

        var reactivated = await system.Gateway.PostAsync($"/api/leads/{id}/reactivate", null);
        Assert.Equal(HttpStatusCode.Accepted, reactivated.StatusCode);

        var done = await system.WaitForStatus(id, "completed");
        Assert.Equal(1, (int)done["attempts"]!);
        Assert.Equal(1, await system.CallsTo(phone));
    }

    [Fact]
    public async Task A_lead_failed_by_the_provider_fixed_with_PATCH_and_reactivated_ends_completed_with_its_history_kept()
    {
        // 92: the simulator's "invalid destination" — the call is placed and the lead fails.
        var badPhone = LeadDialerSystem.Number("92");
        var lead = await system.AddLead(badPhone);
        var id = (string)lead["id"]!;
        var failed = await system.WaitForStatus(id, "failed");
        Assert.Equal("Phone number does not exist", (string?)failed["lastError"]!["reason"]);
        // The fix the Dialer stored with the error (Retell's section of the guide), and the audit says the same.
        var howToFix = (string?)failed["lastError"]!["howToFix"];
        Assert.Equal("Verify the phone number is correct. Check if the number has been disconnected. Contact the lead to get a different number. Then change the lead's status back to pending (Reactivate).", howToFix);
        var audit = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/leads/{id}/audit"))!["entries"]!.AsArray();
        Assert.Contains(audit, e => (string?)e!["decision"] == "failed" && (string?)e["detail"] == $"Phone number does not exist. {howToFix}");

        var answered = await system.AddLead(LeadDialerSystem.Number("01"));
        await system.WaitForStatus((string)answered["id"]!, "completed");
        var conflict = await system.Gateway.PostAsync($"/api/leads/{answered["id"]}/reactivate", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("completed, not failed", await conflict.Content.ReadAsStringAsync());

        var phone = LeadDialerSystem.Number("00");
        (await system.Gateway.PatchAsJsonAsync($"/api/leads/{id}", new { phone })).EnsureSuccessStatusCode();
        var reactivated = await system.Gateway.PostAsync($"/api/leads/{id}/reactivate", null);
        Assert.Equal(HttpStatusCode.Accepted, reactivated.StatusCode);

        var done = await system.WaitForStatus(id, "completed");
        // Attempts start again after a fix: the failed call was to a wrong number.
        Assert.Equal(1, (int)done["attempts"]!);
        Assert.Equal(1, await system.CallsTo(badPhone));
        Assert.Equal(1, await system.CallsTo(phone));

        var calls = await WaitForCalls(id, 2, c => c["outcome"] is not null);
        Assert.Equal(["InvalidNumber", "Answered"], calls.Select(c => (string?)c["outcome"]));
        Assert.All(calls, c => Assert.Equal("retell", (string?)c["provider"]));
        Assert.All(calls, c => Assert.False(string.IsNullOrEmpty((string?)c["providerCallId"])));
    }

    [Fact]
    public async Task An_event_stream_client_sees_every_status_of_the_lead_in_order_and_resumes_with_Last_Event_ID()
    {
        var phone = LeadDialerSystem.Number("31");
        await system.Script(phone, "no-answer", "answered");
        var expected = new[] { "pending", "in-progress", "retry", "pending", "in-progress", "completed" };

        using var stream = await Connect(lastEventId: null);
        var lead = await system.AddLead(phone);
        var id = (string)lead["id"]!;

        // Read the first two statuses, then drop the connection as a flaky network would.
        var seen = new List<(string Id, string Status)>();
        await foreach (var item in stream.Events)
        {
            if (item.EventType == "lead-status-changed" && (string?)JsonNode.Parse(item.Data)!["leadId"] == id)
            {
                seen.Add((item.EventId!, (string)JsonNode.Parse(item.Data)!["status"]!));
                if (seen.Count == 2)
                {
                    break;
                }
            }
        }

        stream.Dispose();
        await system.WaitForStatus(id, "completed", TimeSpan.FromSeconds(60));

        using var resumed = await Connect(lastEventId: seen[^1].Id, leadId: id);
        await foreach (var item in resumed.Events)
        {
            if (item.EventType == "lead-status-changed")
            {
                seen.Add((item.EventId!, (string)JsonNode.Parse(item.Data)!["status"]!));
                if (seen.Count == expected.Length)
                {
                    break;
                }
            }
        }

        Assert.Equal(expected, seen.Select(s => s.Status));
        var ids = seen.Select(s => long.Parse(s.Id)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_lead_submitted_on_the_bus_is_created_and_an_invalid_submission_is_rejected()
    {
        var accepted = new ConcurrentQueue<LeadSubmissionAccepted>();
        var rejected = new ConcurrentQueue<LeadSubmissionRejected>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(LeadDialerSystem.RabbitMq));
            cfg.ReceiveEndpoint(e =>
            {
                e.Handler<LeadSubmissionAccepted>(c => { accepted.Enqueue(c.Message); return Task.CompletedTask; });
                e.Handler<LeadSubmissionRejected>(c => { rejected.Enqueue(c.Message); return Task.CompletedTask; });
            });
        });
        await bus.StartAsync();
        try
        {
            var phone = LeadDialerSystem.Number("00");
            var good = new SubmitLead(Guid.NewGuid().ToString(), null, "Grace Hopper", phone, "grace@example.com", "Navy", "America/New_York",
                new Dictionary<string, string?> { ["job_title"] = "Rear Admiral" });
            var bad = new SubmitLead(Guid.NewGuid().ToString(), null, "Nobody", phone, "not-an-email", null, null,
                new Dictionary<string, string?> { ["shoe_size"] = "44" });

            await bus.Publish(good);
            await bus.Publish(bad);
            // The same submission again adds nothing.
            await bus.Publish(good);

            await Eventually(() => accepted.Count(a => a.SubmissionId == good.SubmissionId) >= 2 && rejected.Any(r => r.SubmissionId == bad.SubmissionId), "the answers");
            var answers = accepted.Where(a => a.SubmissionId == good.SubmissionId).ToList();
            Assert.Single(answers.Select(a => a.LeadId).Distinct());
            Assert.Single(answers, a => a.Created);

            var lead = await system.WaitForStatus(answers[0].LeadId.ToString(), "completed");
            Assert.Equal("Grace Hopper", (string?)lead["name"]);
            Assert.Equal("Rear Admiral", (string?)lead["customFields"]!["job_title"]);

            var rejection = rejected.Single(r => r.SubmissionId == bad.SubmissionId);
            Assert.Contains("name@example.com", rejection.Errors["email"][0]);
            Assert.Contains("job_title", rejection.Errors["customFields.shoe_size"][0]);
            var search = await system.Gateway.GetFromJsonAsync<JsonObject>("/api/leads?search=not-an-email");
            Assert.Empty(search!["items"]!.AsArray());
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task Custom_fields_refuse_bad_names_and_say_how_many_leads_use_one_before_deleting_it()
    {
        var badName = await system.Gateway.PostAsJsonAsync("/api/custom-fields", new { name = "Product Interest", type = "text" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal("application/problem+json", badName.Content.Headers.ContentType?.MediaType);
        Assert.Contains("product_interest", await badName.Content.ReadAsStringAsync());

        var standard = await system.Gateway.PostAsJsonAsync("/api/custom-fields", new { name = "phone_number", type = "text" });
        Assert.Equal(HttpStatusCode.BadRequest, standard.StatusCode);

        var name = $"score_{Guid.NewGuid():N}"[..20];
        (await system.Gateway.PostAsJsonAsync("/api/custom-fields", new { name, type = "number" })).EnsureSuccessStatusCode();
        var fields = (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/custom-fields"))!;
        Assert.Equal("job_title", (string?)fields[0]!["name"]);
        Assert.Contains(fields, f => (string?)f!["name"] == name && (string?)f["type"] == "number" && f["createdAt"] is not null);

        var wrongType = await system.Gateway.PostAsJsonAsync("/api/leads", new { name = "Ada", phone = "+12125551234", email = "ada@example.com", customFields = new Dictionary<string, object> { [name] = "high" } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("is not a number", await wrongType.Content.ReadAsStringAsync());

        var lead = await system.Gateway.PostAsJsonAsync("/api/leads", new { name = "Ada", phone = "0123", email = "ada@example.com", customFields = new Dictionary<string, object> { [name] = 7 } });
        Assert.Equal(HttpStatusCode.Created, lead.StatusCode);

        var inUse = await system.Gateway.DeleteAsync($"/api/custom-fields/{name}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("1 lead(s)", await inUse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await system.Gateway.DeleteAsync($"/api/custom-fields/{name}?force=true")).StatusCode);
    }

    [Fact]
    public async Task The_list_pages_by_cursor_and_the_export_makes_formulas_safe()
    {
        var company = $"Acme{Guid.NewGuid():N}"[..16];
        var key = Guid.NewGuid().ToString();
        var names = new[] { "=cmd|' /C calc'!A0", "Bea", "Cy", "Di", "Ed" };
        foreach (var name in names)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads")
            {
                Content = JsonContent.Create(new { name, phone = "0123", email = $"{name.Length}@example.com", company }),
            };
            (await system.Gateway.SendAsync(request)).EnsureSuccessStatusCode();
        }

        async Task<HttpResponseMessage> AddWithKey() => await system.Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/leads")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { name = "Fay", phone = "0123", email = "fay@example.com", company }),
        });
        var first = await AddWithKey();
        var again = await AddWithKey();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((string?)(await first.Content.ReadFromJsonAsync<JsonObject>())!["id"], (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]);

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await system.Gateway.GetFromJsonAsync<JsonObject>(
                $"/api/leads?status=failed&search={company.ToUpperInvariant()}&sort=name&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))!;
            listed.AddRange(page["items"]!.AsArray().Select(l => (string)l!["name"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        Assert.Equal([.. names, "Fay"], listed.Order(StringComparer.Ordinal));
        Assert.Equal(6, listed.Distinct().Count());

        var csv = await system.Gateway.GetStringAsync($"/api/leads/export.csv?search={company}");
        Assert.Contains("'=cmd|' /C calc'!A0", csv);
        Assert.DoesNotContain(",=cmd", csv);
        Assert.Equal(7, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var badStatus = await system.Gateway.GetAsync("/api/leads?status=done");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("pending, in-progress, retry, completed, failed", await badStatus.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Lead_details_and_the_report_follow_the_calls()
    {
        var lead = await system.AddLead(LeadDialerSystem.Number("05"));
        var id = (string)lead["id"]!;
        await system.WaitForStatus(id, "completed");

        var details = await system.GetLead(id);
        Assert.NotNull(details["lastAttemptAt"]);
        var dialing = details["dialing"]!;
        // Until the Dialer serves its per-lead state the details say it is unavailable, and still answer.
        Assert.True((bool)dialing["available"]! || !string.IsNullOrEmpty((string?)dialing["unavailable"]));

        var report = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/reports/summary"))!;
        Assert.True((int)report["callsPlaced"]! >= 1);
        Assert.True((int)report["callsAnswered"]! >= 1);
        Assert.True((int)report["leadsByStatus"]!["completed"]! >= 1);
        Assert.Equal(30, report["days"]!.AsArray().Count);

        var deleted = await system.Gateway.DeleteAsync($"/api/leads/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await system.Gateway.GetAsync($"/api/leads/{id}")).StatusCode);
    }

    async Task<JsonObject[]> WaitForCalls(string id, int count, Func<JsonObject, bool> complete)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var calls = (await system.Gateway.GetFromJsonAsync<JsonArray>($"/api/leads/{id}/calls"))!.OfType<JsonObject>().ToArray();
            if (calls.Length >= count && calls.All(complete))
            {
                return calls;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Call history of {id}: {new JsonArray(calls.Select(c => c.DeepClone()).ToArray()).ToJsonString()}");
            await Task.Delay(100);
        }
    }

    async Task<EventStream> Connect(string? lastEventId, string? leadId = null)
    {
        var client = new HttpClient { BaseAddress = system.Gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, leadId is null ? "/api/events" : $"/api/events?leadId={leadId}");
        request.Headers.Add("X-Api-Key", LeadDialerSystem.ApiKey);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = new EventStream(client, response, await response.Content.ReadAsStreamAsync());

        // The first event arrives while the response is still open: nothing on the way buffers it.
        await using var first = stream.Events.GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("connected", first.Current.EventType);
        return stream;
    }

    static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>An open SSE response; <see cref="Events"/> is read with a deadline so a silent stream fails the test instead of hanging it.</summary>
    sealed class EventStream(HttpClient client, HttpResponseMessage response, Stream body) : IDisposable
    {
        readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(90));
        IAsyncEnumerable<SseItem<string>>? _events;

        public IAsyncEnumerable<SseItem<string>> Events => _events ??= Shared(SseParser.Create(body).EnumerateAsync(_deadline.Token));

        public void Dispose()
        {
            _deadline.Cancel();
            body.Dispose();
            response.Dispose();
            client.Dispose();
        }

        // One enumerator over the stream for every foreach, so events read by one loop are not read again.
        static IAsyncEnumerable<SseItem<string>> Shared(IAsyncEnumerable<SseItem<string>> source)
        {
            var enumerator = source.GetAsyncEnumerator();
            return Continue(enumerator);
        }

        static async IAsyncEnumerable<SseItem<string>> Continue(IAsyncEnumerator<SseItem<string>> enumerator)
        {
            while (await enumerator.MoveNextAsync())
            {
                yield return enumerator.Current;
            }
        }
    }
}
