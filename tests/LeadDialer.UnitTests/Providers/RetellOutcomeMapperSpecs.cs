using LeadDialer.Contracts;
using LeadDialer.Webhooks.Retell;

namespace LeadDialer.UnitTests.Providers;

public class RetellOutcomeMapperSpecs
{
    /// <summary>Every disconnection_reason listed in shared/providers/README.md, and the outcome table's answer.</summary>
    public static TheoryData<string, CallOutcome> Reasons => new()
    {
        { "user_hangup", CallOutcome.Answered },
        { "agent_hangup", CallOutcome.Answered },
        { "call_transfer", CallOutcome.Answered },
        { "inactivity", CallOutcome.Answered },
        { "max_duration_reached", CallOutcome.Answered },
        { "transfer_bridged", CallOutcome.Answered },
        { "transfer_cancelled", CallOutcome.Answered },
        { "manual_stopped", CallOutcome.Answered },
        { "call_take_over", CallOutcome.Answered },
        { "dial_no_answer", CallOutcome.NoAnswer },
        { "user_declined", CallOutcome.NoAnswer },
        { "dial_busy", CallOutcome.Busy },
        { "voicemail_reached", CallOutcome.Voicemail },
        { "ivr_reached", CallOutcome.Voicemail },
        { "machine_detected", CallOutcome.Voicemail },
        { "invalid_destination", CallOutcome.InvalidNumber },
        { "no_valid_payment", CallOutcome.PermanentFailure },
        { "scam_detected", CallOutcome.PermanentFailure },
        { "telephony_provider_permission_denied", CallOutcome.PermanentFailure },
        { "sip_routing_error", CallOutcome.PermanentFailure },
        { "dial_failed", CallOutcome.ProviderBusy },
        { "telephony_provider_unavailable", CallOutcome.TemporaryFailure },
        { "concurrency_limit_reached", CallOutcome.ProviderBusy },
        { "no_concurrency_fallback", CallOutcome.ProviderBusy },
        { "registered_call_timeout", CallOutcome.TemporaryFailure },
        { "marked_as_spam", CallOutcome.TemporaryFailure },
        { "error_llm_websocket_open", CallOutcome.TemporaryFailure },
        { "error_llm_websocket_lost_connection", CallOutcome.TemporaryFailure },
        { "error_llm_websocket_runtime", CallOutcome.TemporaryFailure },
        { "error_llm_websocket_corrupt_payload", CallOutcome.TemporaryFailure },
        { "error_no_audio_received", CallOutcome.TemporaryFailure },
        { "error_asr", CallOutcome.TemporaryFailure },
        { "error_retell", CallOutcome.TemporaryFailure },
        { "error_unknown", CallOutcome.TemporaryFailure },
        { "error_user_not_joined", CallOutcome.TemporaryFailure },
        { "error_inbound_webhook", CallOutcome.TemporaryFailure },
        { "error_twilio", CallOutcome.TemporaryFailure },
    };

    [Fact]
    public void Should_have_every_disconnection_reason_of_Retells_OpenAPI_document_in_its_table()
    {
        var table = Reasons.Select(row => (string)row[0]).ToHashSet();

        Assert.All(OpenApiDocuments.RetellEnum("DisconnectionReason"), reason => Assert.Contains(reason, table));
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Should_map_every_documented_disconnection_reason(string reason, CallOutcome outcome)
    {
        Assert.Equal(outcome, RetellOutcomeMapper.Map(reason));
    }

    [Theory]
    [InlineData("a_reason_retell_adds_next_year")]
    [InlineData("")]
    [InlineData(null)]
    public void Should_treat_an_unknown_reason_as_a_temporary_failure(string? reason)
    {
        Assert.Equal(CallOutcome.TemporaryFailure, RetellOutcomeMapper.Map(reason));
    }

    [Fact]
    public void Should_ignore_case_and_surrounding_space()
    {
        Assert.Equal(CallOutcome.Busy, RetellOutcomeMapper.Map(" DIAL_BUSY "));
    }

    [Fact]
    public void Should_call_an_answered_call_that_reached_a_mailbox_voicemail()
    {
        Assert.Equal(CallOutcome.Voicemail, RetellOutcomeMapper.Map("agent_hangup", inVoicemail: true));
        Assert.Equal(CallOutcome.Answered, RetellOutcomeMapper.Map("agent_hangup", inVoicemail: false));
    }

    [Fact]
    public void Should_not_count_a_call_stopped_before_it_connected_as_answered()
    {
        Assert.Equal(CallOutcome.TemporaryFailure, RetellOutcomeMapper.Map("manual_stopped", connected: false));
    }
}
