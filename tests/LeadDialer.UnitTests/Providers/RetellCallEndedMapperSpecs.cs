using System.Text;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Webhooks;
using LeadDialer.Webhooks.Retell;

namespace LeadDialer.UnitTests.Providers;

public class RetellCallEndedMapperSpecs
{
    const string LeadId = "0b4f3a86-1d2e-4c5b-9a7f-112233445566";
    const string CallAttemptId = "7e9d8c1b-2a3f-4e5d-8c6b-665544332211";

    static RetellCall Call(string metadata, string reason = "user_hangup", string extra = "") =>
        JsonSerializer.Deserialize<RetellWebhook>(
            Encoding.UTF8.GetBytes($$$"""
            {"event":"call_ended","call":{"call_id":"call_abc","call_type":"phone_call","call_status":"ended",
             "start_timestamp":1700000000000,"end_timestamp":1700000042000,"duration_ms":42000,
             "disconnection_reason":"{{{reason}}}","transcript":"Agent: Hi","recording_url":"https://r.example/1.wav",
             "metadata":{{{metadata}}}{{{extra}}}}}
            """),
            RetellWebhook.JsonOptions)!.Call!;

    [Fact]
    public void Should_map_an_ended_call_to_CallEnded()
    {
        var mapping = RetellCallEndedMapper.Map(Call($$"""{"lead_id":"{{LeadId}}","attempt":2,"call_attempt_id":"{{CallAttemptId}}"}"""));

        Assert.Equal(
            new CallEnded(
                Guid.Parse(LeadId), 2, Guid.Parse(CallAttemptId), "retell", "call_abc", CallOutcome.Answered, "user_hangup",
                DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), DateTimeOffset.FromUnixTimeMilliseconds(1700000042000),
                42000, "Agent: Hi", "https://r.example/1.wav"),
            mapping.CallEnded);
    }

    [Fact]
    public void Should_read_an_attempt_sent_back_as_a_string()
    {
        var mapping = RetellCallEndedMapper.Map(Call($$"""{"lead_id":"{{LeadId}}","attempt":"2","call_attempt_id":"{{CallAttemptId}}"}"""));

        Assert.Equal(2, mapping.CallEnded!.Attempt);
    }

    [Fact]
    public void Should_use_the_voicemail_analysis_when_present()
    {
        var mapping = RetellCallEndedMapper.Map(Call(
            $$"""{"lead_id":"{{LeadId}}","attempt":1,"call_attempt_id":"{{CallAttemptId}}"}""",
            extra: ""","call_analysis":{"in_voicemail":true}"""));

        Assert.Equal(CallOutcome.Voicemail, mapping.CallEnded!.Outcome);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{"lead_id":null}""")]
    [InlineData("""{"customer":"from the dashboard"}""")]
    public void Should_recognise_a_call_LeadDialer_did_not_place(string metadata)
    {
        Assert.True(RetellCallEndedMapper.Map(Call(metadata)).NotOurs);
    }

    [Theory]
    [InlineData($$"""{"lead_id":"not-a-uuid","attempt":1,"call_attempt_id":"{{CallAttemptId}}"}""", "call.metadata.lead_id")]
    [InlineData($$"""{"lead_id":"{{LeadId}}","attempt":1}""", "call.metadata.call_attempt_id")]
    [InlineData($$"""{"lead_id":"{{LeadId}}","call_attempt_id":"{{CallAttemptId}}"}""", "call.metadata.attempt")]
    [InlineData($$"""{"lead_id":"{{LeadId}}","attempt":"two","call_attempt_id":"{{CallAttemptId}}"}""", "call.metadata.attempt")]
    public void Should_name_the_field_that_is_wrong(string metadata, string field)
    {
        var mapping = RetellCallEndedMapper.Map(Call(metadata));

        Assert.Null(mapping.CallEnded);
        Assert.Contains(field, mapping.Problem);
    }

    [Fact]
    public void Should_give_the_same_event_the_same_message_id()
    {
        var first = DeterministicGuid.Create(DeterministicGuid.WebhookNamespace, "retell:call_abc:call_ended");

        // RFC 9562 version 5, as Python's uuid.uuid5 computes it.
        Assert.Equal(Guid.Parse("99c4a51c-5411-5af9-bf4e-7b46528d2d38"), first);
        Assert.NotEqual(first, DeterministicGuid.Create(DeterministicGuid.WebhookNamespace, "retell:call_abd:call_ended"));
    }
}
