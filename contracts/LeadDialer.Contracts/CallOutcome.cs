namespace LeadDialer.Contracts;

/// <summary>How a placed call ended, as the Dialer needs to know it (the provider notes' outcome mapping).</summary>
public enum CallOutcome
{
    /// <summary>The person answered: the lead is completed.</summary>
    Answered,
    NoAnswer,
    Busy,
    Voicemail,
    /// <summary>The number does not exist or cannot be dialled: the lead fails.</summary>
    InvalidNumber,
    /// <summary>The call failed for a reason that may pass (provider or carrier trouble): retried.</summary>
    TemporaryFailure,
    /// <summary>The provider account or agent is misconfigured: the lead fails.</summary>
    PermanentFailure,
    /// <summary>
    /// The provider did not dial: it was at a capacity limit (concurrency, daily outbound limit) or
    /// the dial itself failed. A problem placing the call, like a 429: backed off, not an attempt.
    /// </summary>
    ProviderBusy,
}
