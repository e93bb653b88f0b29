using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace LeadDialer.EndToEndTests.Compliance;

/// <summary>
/// Issue 9's rules end to end, through the gateway, with the simulator saying which calls were
/// placed: the do-not-call list, the hard calling hours, the per-number cap across two Dialer
/// instances, and the audit that tells a lead's story.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class ComplianceSpecs(LeadDialerSystem system)
{
    [Fact]
    public async Task A_number_on_the_do_not_call_list_is_never_called_its_lead_fails_with_the_reason_and_after_removal_reactivation_dials_it()
    {
        var phone = LeadDialerSystem.Number("00");
        var listed = await system.Gateway.PostAsJsonAsync("/api/dnc", new { phone, reason = "Asked not to be called", source = "support ticket 4711" });
        Assert.Equal(HttpStatusCode.Created, listed.StatusCode);

        var id = (string)(await system.AddLead(phone, "Dnc Person"))["id"]!;
        var failed = await system.WaitForStatus(id, "failed");
        Assert.Equal("On do-not-call list", (string?)failed["lastError"]!["reason"]);
        Assert.Equal("Remove the number from the do-not-call list, only if the person agreed to be called again. Then change the lead's status back to pending (Reactivate).", (string?)failed["lastError"]!["howToFix"]);
        Assert.Equal(0, (int)failed["attempts"]!);
        Assert.Equal(0, await system.CallsTo(phone));

        var list = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc?phone={Uri.EscapeDataString(phone)}"))!;
        var entry = Assert.Single(list["items"]!.AsArray());
        Assert.Equal("support ticket 4711", (string?)entry!["source"]);
        Assert.Contains(phone, await system.Gateway.GetStringAsync("/api/dnc/export.csv"));

        // Still listed: reactivation fails it again, without a call.
        Assert.Equal(HttpStatusCode.Accepted, (await system.Gateway.PostAsync($"/api/leads/{id}/reactivate", null)).StatusCode);
        await WaitForAudit(id, entries => entries.Count(e => (string?)e["rule"] == "on-do-not-call-list") == 2);
        await system.WaitForStatus(id, "failed");
        Assert.Equal(0, await system.CallsTo(phone));

        Assert.Equal(HttpStatusCode.NoContent, (await system.RemoveFromDoNotCall(phone)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await system.Gateway.PostAsync($"/api/leads/{id}/reactivate", null)).StatusCode);
        await system.WaitForStatus(id, "completed");
        Assert.Equal(1, await system.CallsTo(phone));

        // The audit, through the gateway's lead-audit route, reads as the lead's story.
        var story = await WaitForAudit(id, entries => entries.Any(e => (string?)e["decision"] == "completed"));
        Assert.Equal(
            ["pending", "skipped:on-do-not-call-list", "failed", "pending", "skipped:on-do-not-call-list", "failed", "pending", "dialed", "in-progress", "completed"],
            story.Select(Step).ToArray());
        Assert.All(story, e => Assert.False(string.IsNullOrEmpty((string?)e["leadLocalTime"]), $"no local time in {e.ToJsonString()}"));
    }

    [Fact]
    public async Task A_bad_number_is_refused_from_the_list_with_a_problem_and_a_csv_import_keeps_the_good_rows()
    {
        var bad = await system.Gateway.PostAsJsonAsync("/api/dnc", new { phone = "555-1234" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("E.164", (string?)(await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["phone"]![0]);

        var (first, second) = (LeadDialerSystem.Number("00"), LeadDialerSystem.Number("00"));
        var csv = $"phone,reason,source\n{first},Asked,crm\nnot-a-number,x,y\n'{second},,\n";
        var imported = await system.Gateway.PostAsync("/api/dnc/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = (await imported.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, (int)result["added"]!);
        var rejected = Assert.Single(result["rejected"]!.AsArray());
        Assert.Equal(3, (int)rejected!["row"]!);
        Assert.Equal("not-a-number", (string?)rejected["phone"]);
        Assert.Equal("import", (string?)Assert.Single((await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc?phone={Uri.EscapeDataString(second)}"))!["items"]!.AsArray())!["source"]);

        foreach (var phone in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await system.RemoveFromDoNotCall(phone)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await system.RemoveFromDoNotCall(first)).StatusCode);
    }

    [Fact]
    public async Task A_removal_needs_a_reason_and_is_kept_with_who_when_and_why_and_listing_the_number_again_blocks_it_again()
    {
        var phone = LeadDialerSystem.Number("00");
        Assert.Equal(HttpStatusCode.Created, (await system.Gateway.PostAsJsonAsync("/api/dnc", new { phone, reason = "Asked not to be called" })).StatusCode);

        using (var noReason = await system.Gateway.DeleteAsync($"/api/dnc/{Uri.EscapeDataString(phone)}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.NotNull((await noReason.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["reason"]);
        }

        Assert.Single(await Listed(phone));
        var before = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.NoContent, (await system.RemoveFromDoNotCall(phone, "Consent given, ticket 4712")).StatusCode);
        Assert.Empty(await Listed(phone));

        var removal = Assert.Single(await Removals(phone))!;
        Assert.Equal("bootstrap", (string?)removal["removedBy"]);
        Assert.Equal((string?)(await system.Gateway.GetFromJsonAsync<JsonObject>("/api/me"))!["keyId"], (string?)removal["removedBy"]);
        Assert.Equal("Consent given, ticket 4712", (string?)removal["removalReason"]);
        Assert.Equal("Asked not to be called", (string?)removal["reason"]);
        Assert.InRange((DateTimeOffset)removal["removedAt"]!, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));

        // Listed again: blocked again, in the claim, as before it was ever removed.
        Assert.Equal(HttpStatusCode.Created, (await system.Gateway.PostAsJsonAsync("/api/dnc", new { phone, reason = "Asked again" })).StatusCode);
        var id = (string)(await system.AddLead(phone, "Relisted Person"))["id"]!;
        var failed = await system.WaitForStatus(id, "failed");
        Assert.Equal("On do-not-call list", (string?)failed["lastError"]!["reason"]);
        Assert.Equal(0, await system.CallsTo(phone));

        // A key id a client sends itself is dropped at the gateway: the removal names the real key.
        using var forged = new HttpRequestMessage(HttpMethod.Delete, $"/api/dnc/{Uri.EscapeDataString(phone)}") { Content = JsonContent.Create(new { reason = "Second removal" }) };
        forged.Headers.Add("X-LeadDialer-Key-Id", "someone-else");
        Assert.Equal(HttpStatusCode.NoContent, (await system.Gateway.SendAsync(forged)).StatusCode);
        var removals = await Removals(phone);
        Assert.Equal(new string?[] { "Second removal", "Consent given, ticket 4712" }, removals.Select(r => (string?)r!["removalReason"]).ToArray());
        Assert.All(removals, r => Assert.Equal("bootstrap", (string?)r!["removedBy"]));
    }

    async Task<JsonArray> Listed(string phone) =>
        (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc?phone={Uri.EscapeDataString(phone)}"))!["items"]!.AsArray();

    async Task<JsonArray> Removals(string phone) =>
        (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc/removals?phone={Uri.EscapeDataString(phone)}"))!["items"]!.AsArray();

    [Fact]
    public async Task A_lead_whose_local_time_is_outside_08_to_21_is_not_called_shows_when_it_will_be_and_is_called_once_the_limit_is_overridden()
    {
        // A zone whose clock now reads 02:xx: outside 08:00–21:00 whatever hour the suite runs at.
        var offset = (2 - DateTime.UtcNow.Hour + 24) % 24;
        offset = offset > 11 ? offset - 24 : offset;
        var zone = offset switch { 0 => "UTC", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };

        await system.ConfigureCompliance(new { hardHoursOverride = false });
        try
        {
            var phone = LeadDialerSystem.Number("00");
            var response = await system.Gateway.PostAsJsonAsync("/api/leads", new { name = "Late Caller", phone, email = "late@example.com", timezone = zone });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

            var skipped = await WaitForAudit(id, entries => entries.Any(e => (string?)e["rule"] == "outside-permitted-calling-hours"));
            var skip = skipped.Single(e => (string?)e["rule"] == "outside-permitted-calling-hours");
            Assert.Matches(@"^\d{4}-\d\d-\d\d 02:\d\d \(" + System.Text.RegularExpressions.Regex.Escape(zone) + @"\)$", (string?)skip["leadLocalTime"]);

            var lead = await system.GetLead(id);
            Assert.Equal("pending", (string?)lead["status"]);
            Assert.Equal("outside-permitted-calling-hours", (string?)lead["dialing"]!["waitingReason"]);
            Assert.Equal($"Outside permitted calling hours (08:00–21:00 local) until 08:00 local ({zone})", (string?)lead["dialing"]!["message"]);
            Assert.NotNull(lead["dialing"]!["waitingUntil"]);
            var summary = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/dialer/waiting"))!;
            Assert.True((long)summary["waiting"]!["outside-permitted-calling-hours"]! >= 1, summary.ToJsonString());
            Assert.Equal(0, await system.CallsTo(phone));

            // Overriding (logged) lifts the limit: the 00:00–24:00 schedule alone applies.
            await system.ConfigureCompliance(new { hardHoursOverride = true });
            await system.WaitForStatus(id, "completed");
            Assert.Equal(1, await system.CallsTo(phone));
            Assert.Contains("OVERRIDDEN", system.Log("dialer"));
        }
        finally
        {
            await system.ConfigureCompliance(new { hardHoursOverride = true });
        }
    }

    [Fact]
    public async Task A_cap_of_one_call_per_24_hours_with_two_leads_on_one_number_places_exactly_one_call_with_two_dialers()
    {
        await system.ConfigureCalling(new { autoCallingEnabled = false });
        await system.ConfigureCompliance(new { maxCallsPer24Hours = 1 });
        string? second = null;
        try
        {
            var phone = LeadDialerSystem.Number("00");
            var ids = new[] { (string)(await system.AddLead(phone, "Capped One"))["id"]!, (string)(await system.AddLead(phone, "Capped Two"))["id"]! };
            await WaitUntil(async () => await Count("SELECT count(*) FROM lead_sagas WHERE current_state = 'Pending' AND phone = $1", phone) == 2, "both leads pending in the Dialer");

            // Both Dialer instances run their cycles on these two leads.
            await system.ConfigureCalling(new { autoCallingEnabled = true });
            await WaitUntil(async () => (await Statuses(ids)).Contains("completed"), "one lead completed");
            var held = ids[Array.IndexOf(await Statuses(ids), "pending")];
            second = held;

            // The dispatcher has seen the held lead since (it audited the cap), and still no second call.
            var audit = await WaitForAudit(held, entries => entries.Any(e => (string?)e["rule"] == "number-call-limit"));
            Assert.DoesNotContain(audit, e => (string?)e["decision"] == "dialed");
            var lead = await system.GetLead(held);
            Assert.Equal("pending", (string?)lead["status"]);
            Assert.Equal("number-call-limit", (string?)lead["dialing"]!["waitingReason"]);
            Assert.StartsWith("Daily call limit for this number reached until ", (string?)lead["dialing"]!["message"]);
            Assert.Equal(1, await system.CallsTo(phone));
            Assert.Equal(1, await Count("SELECT count(*) FROM number_calls WHERE phone = $1", phone));
        }
        finally
        {
            await system.ConfigureCompliance(new { maxCallsPer24Hours = 0 });
            await system.ConfigureCalling(new { autoCallingEnabled = true });
            if (second is not null)
            {
                await system.Gateway.DeleteAsync($"/api/leads/{second}");
            }
        }
    }

    [Fact]
    public async Task A_call_whose_analysis_says_opted_out_lists_the_number_completes_the_lead_opted_out_and_stops_a_second_lead_with_the_number()
    {
        // The analysis field only: Retell's transcript (on call_ended) would match a phrase first;
        // this proves custom_analysis_data reaches the Dialer (on call_analyzed).
        await system.ConfigureCompliance(new { optOutAnalysisField = "opted_out", optOutPhrases = Array.Empty<string>() });
        try
        {
            var phone = LeadDialerSystem.Number("00");
            await system.Script(phone, "answered-opt-out");
            var first = (string)(await system.AddLead(phone, "Opting Out"))["id"]!;
            await system.WaitForCallTo(phone);

            // The second lead with the number arrives while nothing dials it yet.
            await system.ConfigureCalling(new { autoCallingEnabled = false });
            var second = (string)(await system.AddLead(phone, "Same Number"))["id"]!;
            await system.WaitForStatus(first, "completed");
            var story = await WaitForAudit(first, entries => entries.Any(e => (string?)e["decision"] == "opted-out"));
            Assert.Contains("analysis field opted_out", (string?)story.Single(e => (string?)e["decision"] == "opted-out")["detail"]);
            await WaitUntil(async () => (string?)(await system.GetLead(first))["dialing"]!["message"] == "Opted out", "the first lead's reason is Opted out");

            var entry = Assert.Single((await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dnc?phone={Uri.EscapeDataString(phone)}"))!["items"]!.AsArray());
            Assert.StartsWith("call ", (string?)entry!["source"]);

            await system.ConfigureCalling(new { autoCallingEnabled = true });
            var stopped = await system.WaitForStatus(second, "failed");
            Assert.Equal("On do-not-call list", (string?)stopped["lastError"]!["reason"]);
            Assert.Equal(1, await system.CallsTo(phone));
        }
        finally
        {
            await system.ConfigureCalling(new { autoCallingEnabled = true });
            await system.ConfigureCompliance(new { optOutAnalysisField = "", optOutPhrases = Array.Empty<string>() });
        }
    }

    [Fact]
    public async Task With_consent_required_a_lead_without_consent_waits_with_the_reason_and_one_with_consent_is_called()
    {
        await system.ConfigureCompliance(new { requireConsent = true });
        try
        {
            var (without, with) = (LeadDialerSystem.Number("00"), LeadDialerSystem.Number("00"));
            var waiting = (string)(await system.AddLead(without, "No Consent"))["id"]!;
            var consented = await system.Gateway.PostAsJsonAsync("/api/leads", new
            {
                name = "Consented",
                phone = with,
                email = "yes@example.com",
                consentSource = "web form 2026-03",
                consentCapturedAt = "2026-03-01T10:00:00Z",
            });
            Assert.Equal(HttpStatusCode.Created, consented.StatusCode);
            var called = (string)(await consented.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

            var done = await system.WaitForStatus(called, "completed");
            Assert.Equal("web form 2026-03", (string?)done["consentSource"]);
            await WaitForAudit(waiting, entries => entries.Any(e => (string?)e["rule"] == "consent-required"));
            var lead = await system.GetLead(waiting);
            Assert.Equal("pending", (string?)lead["status"]);
            Assert.Equal("consent-required", (string?)lead["dialing"]!["waitingReason"]);
            Assert.Equal(0, await system.CallsTo(without));

            // Consent recorded afterwards (PATCH): the lead is called.
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/leads/{waiting}")
            {
                Content = JsonContent.Create(new { consentSource = "phone call", consentCapturedAt = DateTimeOffset.UtcNow.AddMinutes(-1) }),
            };
            Assert.True((await system.Gateway.SendAsync(patch)).IsSuccessStatusCode);
            await system.WaitForStatus(waiting, "completed");
            Assert.Equal(1, await system.CallsTo(without));
        }
        finally
        {
            await system.ConfigureCompliance(new { requireConsent = false });
        }
    }

    [Fact]
    public async Task The_florida_preset_sets_three_calls_per_24_hours_and_bad_settings_are_refused_with_what_to_fix()
    {
        var bad = await system.Gateway.PutAsJsonAsync("/api/settings/compliance", new { preset = "texas", holidays = new[] { "25/12/2026" }, maxCallsPer24Hours = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("preset") && errors.ContainsKey("holidays") && errors.ContainsKey("maxCallsPer24Hours"), errors.ToJsonString());

        var florida = await system.Gateway.PutAsJsonAsync("/api/settings/compliance", new { preset = "florida" });
        try
        {
            Assert.Equal(HttpStatusCode.OK, florida.StatusCode);
            var settings = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/settings/compliance"))!;
            Assert.Equal(3, (int)settings["maxCallsPer24Hours"]!);
            Assert.Null(settings["maxCallsPerLocalDay"]);
            Assert.Equal("08:00–21:00", (string?)settings["permittedHours"]);
        }
        finally
        {
            await system.ConfigureCompliance(new { preset = "none" });
        }
    }

    [Fact]
    public async Task The_audit_export_is_csv_for_a_date_range_and_a_reversed_range_is_a_problem()
    {
        var id = (string)(await system.AddLead(LeadDialerSystem.Number("00"), "Audit Export"))["id"]!;
        await system.WaitForStatus(id, "completed");
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        var csv = await system.Gateway.GetStringAsync($"/api/audit/export.csv?from={from}&to={to}");
        Assert.StartsWith("id,lead_id,at,decision,rule,detail,lead_local_time", csv);
        Assert.Contains($"{id},", csv);

        var reversed = await system.Gateway.GetAsync($"/api/audit/export.csv?from={to}&to={from}");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await system.Gateway.GetAsync($"/api/leads/{Guid.NewGuid()}/audit")).StatusCode);
    }

    static string Step(JsonNode? entry) =>
        (string?)entry!["rule"] is { } rule ? $"{entry["decision"]}:{rule}" : (string)entry["decision"]!;

    async Task<string[]> Statuses(string[] ids)
    {
        var statuses = new string[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            statuses[i] = (string)(await system.GetLead(ids[i]))["status"]!;
        }

        return statuses;
    }

    async Task<JsonNode[]> WaitForAudit(string id, Func<JsonNode[], bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        JsonNode[] entries = [];
        while (DateTime.UtcNow < deadline)
        {
            var response = await system.Gateway.GetAsync($"/api/leads/{id}/audit");
            if (response.IsSuccessStatusCode)
            {
                entries = (await response.Content.ReadFromJsonAsync<JsonObject>())!["entries"]!.AsArray().Select(e => e!).ToArray();
                if (condition(entries))
                {
                    return entries;
                }
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The audit of lead {id} did not reach the expected state; last seen: {new JsonArray(entries.Select(e => e.DeepClone()).ToArray()).ToJsonString()}\n--- dialer log ---\n{system.Log("dialer")}");
        return entries;
    }

    async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what}.\n--- dialer log ---\n{system.Log("dialer")}");
            await Task.Delay(200);
        }
    }

    async Task<long> Count(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(system.DialerDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new() { Value = p });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
