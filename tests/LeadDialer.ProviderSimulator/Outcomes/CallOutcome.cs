namespace LeadDialer.ProviderSimulator.Outcomes;

/// <summary>What happens to one create request; provider-neutral so Vapi can reuse it.</summary>
public enum CallOutcome
{
    Answered,
    NoAnswer,
    Busy,
    Voicemail,
    InvalidDestination,
    LostWebhook,
    Create401,
    Create422,
    Create429,
    Create500,
    CreateTimeout,
    /// <summary>The call is created and proceeds, but the create answer comes only after <c>CreateSlowMilliseconds</c>.</summary>
    CreateSlow,
    /// <summary>
    /// Answered, and the person asks not to be called again: the transcript says "please stop
    /// calling me and remove me from your list", and the analysis data carries <c>opted_out: true</c>
    /// (Retell <c>custom_analysis_data</c>, Vapi <c>structuredData</c>). Script step only.
    /// </summary>
    AnsweredOptOut,
    /// <summary>
    /// A mailbox answers but the provider's end reason does not say so (voicemail detection off):
    /// Retell ends <c>user_hangup</c> and only <c>call_analyzed</c> says <c>in_voicemail: true</c>;
    /// Vapi's status-update ends <c>customer-ended-call</c> and the end-of-call-report says <c>voicemail</c>.
    /// Script step only.
    /// </summary>
    VoicemailUndetected,
    /// <summary>
    /// The call is created but the provider is at its concurrency limit, so nobody is dialled: the call
    /// ends not connected with Retell's <c>concurrency_limit_reached</c> (Vapi:
    /// <c>call.start.error-subscription-concurrency-limit-reached</c>). Script step only.
    /// </summary>
    EndsConcurrencyLimit,
}

public static class CallOutcomes
{
    private static readonly Dictionary<string, CallOutcome> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["answered"] = CallOutcome.Answered,
        ["no-answer"] = CallOutcome.NoAnswer,
        ["busy"] = CallOutcome.Busy,
        ["voicemail"] = CallOutcome.Voicemail,
        ["invalid-destination"] = CallOutcome.InvalidDestination,
        ["lost-webhook"] = CallOutcome.LostWebhook,
        ["create-401"] = CallOutcome.Create401,
        ["create-422"] = CallOutcome.Create422,
        ["create-429"] = CallOutcome.Create429,
        ["create-500"] = CallOutcome.Create500,
        ["create-timeout"] = CallOutcome.CreateTimeout,
        ["create-slow"] = CallOutcome.CreateSlow,
        ["answered-opt-out"] = CallOutcome.AnsweredOptOut,
        ["voicemail-undetected"] = CallOutcome.VoicemailUndetected,
        ["ends-concurrency-limit"] = CallOutcome.EndsConcurrencyLimit,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out CallOutcome outcome)
    {
        outcome = default;
        return name is not null && ByName.TryGetValue(name, out outcome);
    }

    public static string ToName(this CallOutcome outcome) =>
        ByName.First(pair => pair.Value == outcome).Key;

    /// <summary>Create-time failures never produce a call (no 201, nothing to dial).</summary>
    public static bool FailsAtCreate(this CallOutcome outcome) => outcome is
        CallOutcome.Create401 or CallOutcome.Create422 or CallOutcome.Create429 or
        CallOutcome.Create500 or CallOutcome.CreateTimeout;

    /// <summary>Calls where someone (or a mailbox) picks up, so the provider reports call_started.</summary>
    public static bool Connects(this CallOutcome outcome) => outcome is
        CallOutcome.Answered or CallOutcome.Voicemail or CallOutcome.VoicemailUndetected;
}
