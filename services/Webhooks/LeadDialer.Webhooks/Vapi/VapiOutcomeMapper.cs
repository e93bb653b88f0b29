using LeadDialer.Contracts;

namespace LeadDialer.Webhooks.Vapi;

/// <summary>
/// Vapi's <c>endedReason</c> → the Dialer's <see cref="CallOutcome"/>, per the provider notes' outcome
/// table. Vapi has ~600 reasons built from a few families, so the table is a list of rules tried in
/// order (exact names first, then prefixes and fragments); anything else, including reasons Vapi adds
/// later, is a temporary failure: retried, never a crash.
/// </summary>
public static class VapiOutcomeMapper
{
    enum Match
    {
        Exact,
        Prefix,
        Suffix,
        Contains,
    }

    static readonly (Match How, string Text, CallOutcome Outcome)[] Rules =
    [
        (Match.Exact, "voicemail", CallOutcome.Voicemail),
        (Match.Exact, "customer-busy", CallOutcome.Busy),
        (Match.Exact, "customer-did-not-answer", CallOutcome.NoAnswer),
        (Match.Contains, "sip-408-", CallOutcome.NoAnswer),
        (Match.Contains, "sip-480-", CallOutcome.NoAnswer),
        (Match.Exact, "twilio-reported-customer-misdialed", CallOutcome.InvalidNumber),

        // Account or configuration: other leads would fail the same way (the agent is paused).
        (Match.Contains, "sip-403-", CallOutcome.PermanentFailure),
        (Match.Contains, "sip-407-", CallOutcome.PermanentFailure),
        // Limits that pass, so nothing was dialled (a placing problem, not an attempt): before the
        // subscription rule, which would otherwise claim the concurrency one.
        (Match.Contains, "concurrency-limit-reached", CallOutcome.ProviderBusy),
        (Match.Contains, "outbound-daily-limit", CallOutcome.ProviderBusy),
        (Match.Prefix, "call.start.error-subscription-", CallOutcome.PermanentFailure),
        (Match.Exact, "call.start.error-fraud-check-failed", CallOutcome.PermanentFailure),
        (Match.Prefix, "call.start.error-get-", CallOutcome.PermanentFailure),
        (Match.Exact, "call.start.error-vapi-number-international", CallOutcome.PermanentFailure),
        (Match.Exact, "call.start.error-enterprise-feature-not-available-recording-consent", CallOutcome.PermanentFailure),
        (Match.Exact, "call.start.assistant-version-error-validation", CallOutcome.PermanentFailure),
        (Match.Exact, "call-start-error-neither-assistant-nor-server-set", CallOutcome.PermanentFailure),
        (Match.Prefix, "assistant-not-", CallOutcome.PermanentFailure),
        (Match.Prefix, "assistant-request-", CallOutcome.PermanentFailure),

        // The assistant never joined: nobody was spoken to.
        (Match.Exact, "assistant-join-timed-out", CallOutcome.TemporaryFailure),

        // Connected and ended normally (someone was spoken to).
        (Match.Prefix, "customer-ended-call", CallOutcome.Answered),
        (Match.Prefix, "assistant-", CallOutcome.Answered),
        (Match.Exact, "exceeded-max-duration", CallOutcome.Answered),
        (Match.Exact, "silence-timed-out", CallOutcome.Answered),
        (Match.Suffix, "-completed-call", CallOutcome.Answered),
        (Match.Exact, "vonage-completed", CallOutcome.Answered),
        (Match.Prefix, "call.ending.hook-executed-", CallOutcome.Answered),
        (Match.Prefix, "call.forwarding.", CallOutcome.Answered),
    ];

    public static CallOutcome Map(string? endedReason)
    {
        var reason = endedReason?.Trim() ?? string.Empty;
        foreach (var (how, text, outcome) in Rules)
        {
            var matches = how switch
            {
                Match.Exact => reason.Equals(text, StringComparison.OrdinalIgnoreCase),
                Match.Prefix => reason.StartsWith(text, StringComparison.OrdinalIgnoreCase),
                Match.Suffix => reason.EndsWith(text, StringComparison.OrdinalIgnoreCase),
                _ => reason.Contains(text, StringComparison.OrdinalIgnoreCase),
            };
            if (matches)
            {
                return outcome;
            }
        }

        // *vapifault*, *providerfault*, pipeline-error-*, worker-shutdown, *-failed-to-connect-call,
        // phone-call-provider-closed-websocket, vonage-rejected/-disconnected, manually-canceled, … and anything new.
        return CallOutcome.TemporaryFailure;
    }
}
