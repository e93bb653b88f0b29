using LeadDialer.Contracts;

namespace LeadDialer.Webhooks.Retell;

/// <summary>
/// Retell's <c>disconnection_reason</c> → the Dialer's <see cref="CallOutcome"/>, per the provider
/// notes' outcome table. A reason Retell adds later is a temporary failure: retried, never a crash.
/// </summary>
public static class RetellOutcomeMapper
{
    static readonly Dictionary<string, CallOutcome> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        // The person answered (the call connected and ended normally).
        ["user_hangup"] = CallOutcome.Answered,
        ["agent_hangup"] = CallOutcome.Answered,
        ["call_transfer"] = CallOutcome.Answered,
        ["inactivity"] = CallOutcome.Answered,
        ["max_duration_reached"] = CallOutcome.Answered,
        ["transfer_bridged"] = CallOutcome.Answered,
        ["transfer_cancelled"] = CallOutcome.Answered,
        ["call_take_over"] = CallOutcome.Answered,
        ["manual_stopped"] = CallOutcome.Answered,

        ["dial_no_answer"] = CallOutcome.NoAnswer,
        ["user_declined"] = CallOutcome.NoAnswer,

        ["dial_busy"] = CallOutcome.Busy,

        ["voicemail_reached"] = CallOutcome.Voicemail,
        ["ivr_reached"] = CallOutcome.Voicemail,
        ["machine_detected"] = CallOutcome.Voicemail,

        ["invalid_destination"] = CallOutcome.InvalidNumber,

        // The account or its telephony is misconfigured: other leads would fail the same way.
        ["no_valid_payment"] = CallOutcome.PermanentFailure,
        ["scam_detected"] = CallOutcome.PermanentFailure,
        ["telephony_provider_permission_denied"] = CallOutcome.PermanentFailure,
        ["sip_routing_error"] = CallOutcome.PermanentFailure,

        // Retell did not dial (its limits, or the dial failed): a placing problem, not an attempt.
        ["concurrency_limit_reached"] = CallOutcome.ProviderBusy,
        ["no_concurrency_fallback"] = CallOutcome.ProviderBusy,
        ["dial_failed"] = CallOutcome.ProviderBusy,

        ["telephony_provider_unavailable"] = CallOutcome.TemporaryFailure,
        ["registered_call_timeout"] = CallOutcome.TemporaryFailure,
        ["marked_as_spam"] = CallOutcome.TemporaryFailure,
    };

    /// <param name="disconnectionReason">Retell's reason, as sent.</param>
    /// <param name="connected">False when Retell says the call never connected (<c>call_status: not_connected</c>).</param>
    /// <param name="inVoicemail"><c>call_analysis.in_voicemail</c> when known: an "answered" call that reached a mailbox is voicemail.</param>
    public static CallOutcome Map(string? disconnectionReason, bool connected = true, bool? inVoicemail = null)
    {
        var reason = disconnectionReason?.Trim() ?? string.Empty;
        if (!Outcomes.TryGetValue(reason, out var outcome))
        {
            // error_llm_websocket_*, error_asr, error_retell, error_unknown, error_twilio, … and anything new.
            return CallOutcome.TemporaryFailure;
        }

        if (outcome == CallOutcome.Answered)
        {
            if (inVoicemail == true)
            {
                return CallOutcome.Voicemail;
            }

            // Stopped by hand before anyone picked up: nobody was reached, so it is tried again.
            if (!connected && reason.Equals("manual_stopped", StringComparison.OrdinalIgnoreCase))
            {
                return CallOutcome.TemporaryFailure;
            }
        }

        return outcome;
    }
}
