using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LeadDialer.EndToEndTests;

/// <summary>Calling hours, why a lead waits, and the throughput calculator, through the gateway.</summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class DialerSpecs(LeadDialerSystem system)
{
    [Fact]
    public async Task A_lead_outside_its_calling_hours_waits_with_the_reason_and_is_called_once_the_window_includes_now()
    {
        // A two-hour window that does not include the current hour in the lead's zone (UTC).
        var hour = DateTime.UtcNow.Hour;
        var (start, end) = hour is >= 4 and < 18 ? ("20:00", "22:00") : ("08:00", "10:00");
        await system.ConfigureCalling(new { callingHoursStart = start, callingHoursEnd = end });
        try
        {
            var phone = LeadDialerSystem.Number("00");
            var response = await system.Gateway.PostAsJsonAsync("/api/leads", new { name = "Night Owl", phone, email = "owl@example.com", timezone = "UTC" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

            var waiting = await WaitForDialingState(id, s => (string?)s["waitingReason"] == "outside-calling-hours");
            Assert.Equal("pending", (string?)waiting["status"]);
            Assert.Equal($"Outside calling hours until {start} local (UTC)", (string?)waiting["message"]);
            var summary = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/dialer/waiting"))!;
            Assert.True((long)summary["waiting"]!["outside-calling-hours"]! >= 1);
            Assert.Equal(0, await system.CallsTo(phone));

            await system.ConfigureCalling(new { callingHoursStart = "00:00", callingHoursEnd = "24:00" });

            await system.WaitForStatus(id, "completed");
            Assert.Equal(1, await system.CallsTo(phone));
            var done = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/dialer/leads/{id}"))!;
            Assert.Equal("completed", (string?)done["status"]);
            Assert.Null(done["waitingReason"]);
        }
        finally
        {
            await system.ConfigureCalling(new { callingHoursStart = "00:00", callingHoursEnd = "24:00" });
        }
    }

    [Fact]
    public async Task A_lead_the_dialer_has_never_seen_is_a_404_problem()
    {
        var response = await system.Gateway.GetAsync($"/api/dialer/leads/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_calling_window_that_ends_before_it_starts_is_refused_and_the_settings_stay()
    {
        var before = await system.Gateway.GetStringAsync("/api/settings/calling");

        var response = await system.Gateway.PutAsJsonAsync("/api/settings/calling", new { callingHoursStart = "20:00", callingHoursEnd = "09:00", defaultTimeZone = "Mars/Olympus" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("must end after they start", (string?)problem["errors"]!["callingHoursEnd"]![0]);
        Assert.Contains("IANA", (string?)problem["errors"]!["defaultTimeZone"]![0]);
        Assert.Equal(before, await system.Gateway.GetStringAsync("/api/settings/calling"));
    }

    [Fact]
    public async Task The_throughput_calculator_starts_from_the_live_settings_and_names_bad_inputs()
    {
        var settings = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/settings/calling"))!;
        var estimate = (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/throughput?averageCallSeconds=60&leads=1000"))!;

        Assert.Equal((int)settings["maxConcurrentCalls"]!, (int)estimate["inputs"]!["concurrency"]!);
        Assert.Equal((int)settings["maxConcurrentCalls"]! * 60.0, (double)estimate["callsPerHour"]!, 3);
        Assert.NotNull((string?)estimate["binds"]);
        // The fixture dials 00:00–24:00 every day with the hard limit overridden: the window is the schedule, 24 h.
        Assert.Equal(settings["effectiveWindow"]!["description"]!.ToString(), estimate["window"]!["description"]!.ToString());
        Assert.Equal("dialled 00:00–24:00 local; compliance limit 08:00–21:00 overridden", (string?)settings["effectiveWindow"]!["description"]);
        Assert.Equal(24, (double)estimate["inputs"]!["callingHoursPerDay"]!);
        Assert.Equal(7, estimate["inputs"]!["callingDays"]!.AsArray().Count);
        Assert.Contains((string?)estimate["defaults"]!["source"], new[] { "assumed", "last-7-days" });

        var bad = await system.Gateway.GetAsync("/api/throughput?answerRate=3");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["answerRate"]);
    }

    [Fact]
    public async Task The_throughput_calculator_adds_the_first_pass_and_the_retry_tail()
    {
        // The issue's example (worked by hand in ThroughputCalculatorSpecs): 21.9 h of calls and two 24 h waits.
        var estimate = (await system.Gateway.GetFromJsonAsync<JsonObject>(
            "/api/throughput?leads=3000&concurrency=10&batchSize=10&dispatchIntervalSeconds=1&averageCallSeconds=120&answerRate=0.3&maxAttempts=3&retryDelayHours=24&callingHoursPerDay=24"))!;

        Assert.Equal(69.9 / 24, (double)estimate["calendarDays"]!, 6);
        Assert.Equal(3, (long)estimate["callingDays"]!);
        Assert.Equal("retry-delay", (string?)estimate["binds"]);
    }

    async Task<JsonObject> WaitForDialingState(string id, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        JsonObject? state = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await system.Gateway.GetAsync($"/api/dialer/leads/{id}");
            if (response.IsSuccessStatusCode)
            {
                state = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                if (condition(state))
                {
                    return state;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Lead {id}'s dialing state never matched; last: {state?.ToJsonString() ?? "404"}");
        return state!;
    }
}
