using System.Text;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Messaging;
using LeadDialer.Webhooks.Deliveries;
using LeadDialer.Webhooks.PlacedCalls;
using LeadDialer.Webhooks.Retell;
using LeadDialer.Webhooks.Vapi;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.UnitTests.Providers;

public sealed class CallTrustSpecs
{
    static readonly Guid Lead = Guid.NewGuid();
    static readonly Guid AttemptId = Guid.NewGuid();
    static readonly TimeSpan Wait = TimeSpan.FromMinutes(15);

    static readonly PlacedCall Placed = new() { Provider = "retell", ProviderCallId = "call_1", LeadId = Lead, Attempt = 1, CallAttemptId = AttemptId };

    [Fact]
    public void A_report_matching_the_placed_call_is_trusted()
    {
        var verdict = CallTrust.Check(new ClaimedCall("retell", "call_1", Lead, 1, AttemptId), Placed, null, TimeSpan.Zero, Wait);

        Assert.IsType<TrustVerdict.Trusted>(verdict);
    }

    [Theory]
    [InlineData("other lead")]
    [InlineData("other attempt")]
    [InlineData("other call attempt id")]
    public void A_report_for_a_placed_call_naming_anything_else_is_a_mismatch(string what)
    {
        var claimed = what switch
        {
            "other lead" => new ClaimedCall("retell", "call_1", Guid.NewGuid(), 1, AttemptId),
            "other attempt" => new ClaimedCall("retell", "call_1", Lead, 2, AttemptId),
            _ => new ClaimedCall("retell", "call_1", Lead, 1, Guid.NewGuid()),
        };

        var verdict = CallTrust.Check(claimed, Placed, null, TimeSpan.Zero, Wait);

        Assert.Contains("call_1", Assert.IsType<TrustVerdict.Mismatch>(verdict).Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placed_attempt_reported_under_another_call_id_is_a_mismatch_at_once()
    {
        var verdict = CallTrust.Check(new ClaimedCall("retell", "call_forged", Lead, 1, AttemptId), null, Placed, TimeSpan.Zero, Wait);

        Assert.IsType<TrustVerdict.Mismatch>(verdict);
    }

    [Fact]
    public void An_unknown_call_waits_for_its_CallStarted_and_is_dropped_once_the_wait_is_over()
    {
        var claimed = new ClaimedCall("retell", "call_new", Lead, 1, Guid.NewGuid());

        Assert.IsType<TrustVerdict.NotYetKnown>(CallTrust.Check(claimed, null, null, Wait - TimeSpan.FromSeconds(1), Wait));
        Assert.IsType<TrustVerdict.Unknown>(CallTrust.Check(claimed, null, null, Wait, Wait));
    }

    [Fact]
    public void A_waiting_report_is_looked_at_again_soon_then_less_often_but_at_least_every_30_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), CallTrust.NextLook(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(10), CallTrust.NextLook(TimeSpan.FromSeconds(40)));
        Assert.Equal(TimeSpan.FromSeconds(30), CallTrust.NextLook(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void A_polled_Retell_call_means_what_its_call_analyzed_webhook_would_have()
    {
        var call = $$$"""
            {"call_id":"call_1","call_status":"ended","start_timestamp":1764230400000,"end_timestamp":1764230460000,"duration_ms":60000,
             "disconnection_reason":"voicemail_reached","transcript":"AI: Hello.",
             "metadata":{"lead_id":"{{{Lead}}}","attempt":1,"call_attempt_id":"{{{AttemptId}}}"},
             "call_analysis":{"call_summary":"Left a message.","in_voicemail":true}}
            """;
        var handler = new RetellDeliveryHandler();
        var webhook = handler.Interpret(Encoding.UTF8.GetBytes($$"""{"event":"call_analyzed","call":{{call}}}"""), DateTimeOffset.UnixEpoch);

        var polled = PolledDelivery.Interpret(handler, Polled("retell", found: true, call));

        Assert.Equal(
            webhook.CallEvents.Select(e => (e.Kind, JsonSerializer.Serialize(e.Message))),
            polled.CallEvents.Select(e => (e.Kind, JsonSerializer.Serialize(e.Message))));
        Assert.Equal(CallOutcome.Voicemail, Assert.IsType<CallEnded>(polled.CallEvents[0].Message).Outcome);
    }

    [Fact]
    public void A_polled_call_still_ongoing_publishes_nothing()
    {
        var polled = PolledDelivery.Interpret(new RetellDeliveryHandler(), Polled("retell", found: true, """{"call_id":"call_1","call_status":"ongoing"}"""));

        Assert.Empty(polled.CallEvents);
    }

    [Fact]
    public void A_polled_Vapi_call_carries_the_reports_transcript_summary_and_structured_data()
    {
        var call = $$$"""
            {"id":"vapi_1","status":"ended","endedReason":"customer-ended-call","startedAt":"2026-12-01T10:00:00Z","endedAt":"2026-12-01T10:01:00Z",
             "assistantOverrides":{"metadata":{"leadId":"{{{Lead}}}","attempt":1,"callAttemptId":"{{{AttemptId}}}"}},
             "artifact":{"transcript":"AI: Hi.","recordingUrl":"https://vapi.invalid/r.wav"},
             "analysis":{"summary":"Agreed to a demo.","structuredData":{"opted_out":true} } }
            """;

        var polled = PolledDelivery.Interpret(new VapiDeliveryHandler(), Polled("vapi", found: true, call));

        var ended = Assert.IsType<CallEnded>(polled.CallEvents[0].Message);
        Assert.Equal(CallOutcome.Answered, ended.Outcome);
        Assert.Equal("AI: Hi.", ended.Transcript);
        Assert.Equal("https://vapi.invalid/r.wav", ended.RecordingUrl);
        Assert.Equal("Agreed to a demo.", ended.Summary);
        Assert.Contains("opted_out", ended.AnalysisData, StringComparison.Ordinal);
        Assert.Equal(60_000, ended.DurationMs);
        Assert.IsType<CallAnalyzed>(polled.CallEvents[1].Message);
    }

    [Fact]
    public void A_call_the_provider_does_not_know_ends_as_a_temporary_failure_of_the_call_we_placed()
    {
        var polled = PolledDelivery.Interpret(new RetellDeliveryHandler(), Polled("retell", found: false, call: null));

        var ended = Assert.IsType<CallEnded>(Assert.Single(polled.CallEvents).Message);
        Assert.Equal(CallOutcome.TemporaryFailure, ended.Outcome);
        Assert.Equal((Lead, 1, AttemptId), (ended.LeadId, ended.Attempt, ended.CallAttemptId));
        Assert.Contains("does not know", ended.EndedReason, StringComparison.Ordinal);
    }

    static byte[] Polled(string provider, bool found, string? call) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new CallPolled(Lead, 1, AttemptId, provider, provider == "vapi" ? "vapi_1" : "call_1", found, call, DateTimeOffset.UnixEpoch),
            LeadDialerJson.Options);
}
