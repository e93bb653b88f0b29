using LeadDialer.Contracts;
using LeadDialer.UnitTests.Providers;
using LeadDialer.Webhooks.Vapi;

namespace LeadDialer.UnitTests.Providers;

/// <summary>Every Vapi endedReason of docs/providers/vapi-ended-reasons.txt, classified per the provider notes.</summary>
public class VapiOutcomeMapperSpecs
{
    /// <summary>The whole file (its first line is the count).</summary>
    public static TheoryData<string> EveryEndedReason()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(OpenApiDocuments.PathOf("vapi-ended-reasons.txt")).Skip(1))
        {
            if (line.Trim() is { Length: > 0 } reason)
            {
                data.Add(reason);
            }
        }

        return data;
    }

    [Fact]
    public void Should_read_every_reason_the_file_announces()
    {
        var lines = File.ReadAllLines(OpenApiDocuments.PathOf("vapi-ended-reasons.txt"));
        Assert.Equal(int.Parse(lines[0].Trim(), System.Globalization.CultureInfo.InvariantCulture), EveryEndedReason().Count);
    }

    /// <summary>The provider notes' table, family by family: what each reason must map to.</summary>
    static CallOutcome Expected(string reason)
    {
        bool Has(string text) => reason.Contains(text, StringComparison.Ordinal);
        if (reason == "voicemail") return CallOutcome.Voicemail;
        if (reason == "customer-busy") return CallOutcome.Busy;
        if (reason == "customer-did-not-answer" || Has("sip-408") || Has("sip-480")) return CallOutcome.NoAnswer;
        if (reason == "twilio-reported-customer-misdialed") return CallOutcome.InvalidNumber;
        if (Has("sip-403") || Has("sip-407")) return CallOutcome.PermanentFailure;
        if (Has("concurrency-limit-reached") || Has("outbound-daily-limit")) return CallOutcome.ProviderBusy;
        if (reason.StartsWith("call.start.error-subscription-", StringComparison.Ordinal) || Has("fraud-check-failed")
            || reason.StartsWith("call.start.error-get-", StringComparison.Ordinal) || reason == "call.start.error-vapi-number-international"
            || reason.StartsWith("assistant-not-", StringComparison.Ordinal) || reason.StartsWith("assistant-request-", StringComparison.Ordinal)
            || reason is "call-start-error-neither-assistant-nor-server-set" or "call.start.assistant-version-error-validation"
                or "call.start.error-enterprise-feature-not-available-recording-consent")
        {
            return CallOutcome.PermanentFailure;
        }

        if (reason == "assistant-join-timed-out") return CallOutcome.TemporaryFailure;
        if (reason.StartsWith("customer-ended-call", StringComparison.Ordinal) || reason.StartsWith("assistant-", StringComparison.Ordinal)
            || reason is "exceeded-max-duration" or "silence-timed-out" or "vonage-completed" || reason.EndsWith("-completed-call", StringComparison.Ordinal)
            || reason.StartsWith("call.ending.hook-executed-", StringComparison.Ordinal) || reason.StartsWith("call.forwarding.", StringComparison.Ordinal))
        {
            return CallOutcome.Answered;
        }

        // vapifault, providerfault, pipeline-error, worker-shutdown, failed-to-connect, closed websocket, …
        return CallOutcome.TemporaryFailure;
    }

    [Theory]
    [MemberData(nameof(EveryEndedReason))]
    public void Should_classify_every_ended_reason_per_the_provider_notes(string reason) =>
        Assert.Equal(Expected(reason), VapiOutcomeMapper.Map(reason));

    [Theory]
    [InlineData("call.in-progress.error-vapifault-openai-llm-failed", CallOutcome.TemporaryFailure)]
    [InlineData("pipeline-error-openai-401-unauthorized", CallOutcome.TemporaryFailure)]
    [InlineData("call.start.error-subscription-concurrency-limit-reached", CallOutcome.ProviderBusy)]
    [InlineData("call.start.error-vapi-number-outbound-daily-limit", CallOutcome.ProviderBusy)]
    [InlineData("call.start.error-subscription-insufficient-credits", CallOutcome.PermanentFailure)]
    [InlineData("call.in-progress.error-providerfault-outbound-sip-480-temporarily-unavailable", CallOutcome.NoAnswer)]
    [InlineData("call.in-progress.error-providerfault-outbound-sip-503-service-unavailable", CallOutcome.TemporaryFailure)]
    [InlineData("assistant-join-timed-out", CallOutcome.TemporaryFailure)]
    [InlineData("assistant-ended-call", CallOutcome.Answered)]
    [InlineData("call.in-progress.twilio-completed-call", CallOutcome.Answered)]
    [InlineData("worker-shutdown", CallOutcome.TemporaryFailure)]
    public void Should_follow_the_provider_notes_on_the_tricky_ones(string reason, CallOutcome outcome) =>
        Assert.Equal(outcome, VapiOutcomeMapper.Map(reason));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("something-vapi-adds-next-year")]
    public void Should_treat_an_unknown_reason_as_a_temporary_failure(string? reason) =>
        Assert.Equal(CallOutcome.TemporaryFailure, VapiOutcomeMapper.Map(reason));
}
