namespace LeadDialer.Contracts.Errors;

/// <summary>
/// Every reason LeadDialer can store on a lead, in the user guide's words: its "Error Classification Guide"
/// (the Retell and Vapi sections) and its "Error Messages Quick Reference", word for word; LeadDialer's own
/// reasons (do-not-call, paused agent, a call that never reported an end) in the same shape. The one place
/// these texts live: classifiers, the Dialer, Leads, Import and the console read them from here.
/// </summary>
public static class GuideErrors
{
    const ErrorSource Providers = ErrorSource.Retell | ErrorSource.Vapi;

    // ── Permanent: the lead's number ──────────────────────────────────────────

    /// <summary>Retell's wording, and LeadDialer's own check when a lead is added, imported or edited.</summary>
    public static readonly GuideError InvalidPhoneNumberFormat = new(
        PhoneNumberErrors.Reason, ErrorKind.Permanent,
        [
            // The guide's "Lead Failed" solutions: LeadDialer refuses to call a number that is not E.164.
            new(ErrorSource.LeadDialer, "Invalid phone number format", "The lead's phone number is not in E.164 format, so it is not called.",
                ["Fix phone number format (must be E.164: +countrycode+number)", "Verify phone number is correct"]),
            new(ErrorSource.Retell, "Invalid phone number format", "The phone number doesn't meet Retell's requirements.",
                ["Format: +[country code][number] (e.g., +14155551234)", "No spaces, dashes, or parentheses", "Must start with +"]),
        ]);

    public static readonly GuideError InvalidLeadPhoneNumberFormat = new(
        "Invalid lead phone number format", ErrorKind.Permanent,
        [
            new(ErrorSource.Vapi, "Invalid lead phone number format", "The phone number you're trying to call isn't formatted correctly.",
                [
                    "Check the phone number format in your CSV or lead data",
                    "Ensure it starts with + followed by country code and number",
                    "Remove any spaces, dashes, or special characters",
                    "Example: +14155551234 (correct) vs 415-555-1234 (incorrect)",
                ]),
        ],
        new("Phone number format is wrong", "Fix the format to E.164 (+14155551234)"));

    /// <summary>Retell's "Phone number not found" or "not a valid number"; also a call that ended on an invalid destination.</summary>
    public static readonly GuideError PhoneNumberDoesNotExist = new(
        "Phone number does not exist", ErrorKind.Permanent,
        [
            new(ErrorSource.Retell, "\"Phone number not found\" or \"not a valid number\"", "The phone number doesn't exist or isn't a real phone number.",
                ["Verify the phone number is correct", "Check if the number has been disconnected", "Contact the lead to get a different number"]),
        ],
        new("Lead's number is invalid", "Get correct number from lead"));

    // ── Permanent: the account or the agent's configuration (the agent is paused) ──

    /// <summary>Retell's answer naming <c>from_number</c>; only the quick reference names it.</summary>
    public static readonly GuideError PhoneNumberNotRegistered = new(
        "Phone number not registered", ErrorKind.Permanent, [],
        new("Your caller ID isn't set up", "Register phone number in provider dashboard"),
        PausesAgent: true,
        RaisedBy: ErrorSource.Retell);

    public static readonly GuideError PhoneNumberNotRegisteredInAccount = new(
        "Phone number not registered in account", ErrorKind.Permanent,
        [
            new(ErrorSource.Vapi, "Phone number not registered in account",
                "The phone number you're trying to use as the caller (your agent's number) isn't set up in your Vapi account.",
                ["Go to your Vapi dashboard", "Buy or register a phone number", "Update your agent configuration with the correct phone number ID"]),
        ],
        PausesAgent: true);

    public static readonly GuideError AgentPhoneNumberConfigurationError = new(
        "Agent phone number configuration error", ErrorKind.Permanent,
        [
            new(ErrorSource.Retell, "Agent phone number configuration error", "Your Retell agent doesn't have a phone number configured to call from.",
                ["Go to Retell dashboard", "Configure your agent with a phone number", "Save the agent settings"]),
            new(ErrorSource.Vapi, "Agent phone number configuration error", "Your agent isn't properly configured with a phone number to call from.",
                ["Check your agent settings in Vapi dashboard", "Ensure a phone number is assigned to the agent", "Verify the phone number ID is correct in your configuration"]),
        ],
        PausesAgent: true);

    public static readonly GuideError AgentOrAssistantNotFound = new(
        "Agent or assistant not found", ErrorKind.Permanent,
        [
            new(ErrorSource.Retell, "Agent or assistant not found", "The agent ID in your configuration doesn't exist in Retell.",
                ["Verify the agent ID in your settings", "Check Retell dashboard for the correct agent ID", "Update your configuration"]),
            // ProviderGateway has no such agent (deleted while its calls were on their way): nothing to resume.
            new(ErrorSource.LeadDialer, "Agent or assistant not found", "The agent chosen in the calling configuration does not exist in LeadDialer (deleted?).",
                ["Add an agent or choose an existing one in Settings → Agents and Settings → Calling Configuration"], NothingPaused: true),
        ],
        new("Agent doesn't exist", "Check agent ID in settings"),
        PausesAgent: true);

    public static readonly GuideError AgentOrAssistantConfigurationNotFound = new(
        "Agent or assistant configuration not found", ErrorKind.Permanent,
        [
            new(ErrorSource.Vapi, "Agent or assistant configuration not found", "The agent or assistant ID you're using doesn't exist in your Vapi account.",
                ["Verify the agent ID in your system settings", "Check that the agent exists in your Vapi dashboard", "Update the configuration with the correct agent ID"]),
        ],
        PausesAgent: true);

    public static readonly GuideError ApiKeyInvalidOrMissing = new(
        "API key is invalid or missing", ErrorKind.Permanent,
        [
            new(ErrorSource.Retell, "API key is invalid or missing", "Your Retell API key isn't working.",
                ["Check RETELL_API_KEY environment variable", "Get a new API key from Retell dashboard", "Ensure the key has necessary permissions", "Restart your application"]),
            new(ErrorSource.Vapi, "API key is invalid or missing", "Your Vapi API key isn't working or isn't configured.",
                [
                    "Check your environment variables (VAPI_API_KEY)",
                    "Generate a new API key from Vapi dashboard if needed",
                    "Ensure the API key has proper permissions",
                    "Restart your application after updating the key",
                ]),
        ],
        new("Authentication failed", "Check/update API key"),
        PausesAgent: true);

    /// <summary>Retell's 402 (trial ended, no payment method), Vapi's out-of-credits. The guide has no row for it: LeadDialer's words.</summary>
    public static readonly GuideError PaymentRequired = new(
        "Payment required", ErrorKind.Permanent,
        [
            new(Providers, "Payment required", "The provider refuses calls until the account's billing is in order (trial ended, no payment method, no credits).",
                ["Add a payment method or credits in your provider dashboard"]),
        ],
        PausesAgent: true);

    /// <summary>A call the provider ended on a permanent error the guide has no row for (its end reason is the provider message).</summary>
    public static readonly GuideError PermanentErrorFromProvider = new(
        "Permanent error from provider", ErrorKind.Permanent,
        [
            new(Providers, "Permanent error from provider", "The provider ended the call on a permanent problem of the account or the agent's configuration.",
                ["Read what the provider said (the provider message) and check the provider dashboard", "Fix the agent's configuration or the account there"]),
        ],
        PausesAgent: true);

    // ── Permanent: LeadDialer's compliance ───────────────────────────────────

    public static readonly GuideError OnDoNotCallList = new(
        "On do-not-call list", ErrorKind.Permanent,
        [
            new(ErrorSource.LeadDialer, "On do-not-call list", "The lead's number is on the do-not-call list: it is never dialled.",
                ["Remove the number from the do-not-call list, only if the person agreed to be called again"]),
        ]);

    // ── Temporary: the system retries ────────────────────────────────────────

    public static readonly GuideError RateLimitExceeded = new(
        "Rate limit exceeded", ErrorKind.Temporary,
        [
            new(ErrorSource.Retell, "Rate limit exceeded", "You've hit Retell's rate limits.",
                ["System will retry with delays", "Consider upgrading your plan for higher limits", "Space out your call initiations"]),
            new(ErrorSource.Vapi, "Rate limit exceeded", "You've made too many calls in a short time. Vapi has limits on how many calls you can initiate per minute/hour.",
                ["Wait for the system to retry (it uses exponential backoff)", "Consider upgrading your Vapi plan for higher limits", "Spread out your call initiation times"]),
        ],
        new("Too many calls too fast", "System waits and retries"));

    public static readonly GuideError ServerError = new(
        "Server error", ErrorKind.Temporary,
        [
            new(ErrorSource.Retell, "Server error", "Retell is having server issues.",
                ["System will retry automatically", "Check Retell status if issues continue", "No action needed"]),
            new(ErrorSource.Vapi, "Server error", "Vapi's servers are having issues.",
                ["System will retry automatically", "Check Vapi status page if issues persist", "No action needed on your part"]),
        ],
        new("Provider is having issues", "System retries automatically"));

    public static readonly GuideError NetworkOrConnectionError = new(
        "Network or connection error", ErrorKind.Temporary,
        [
            new(ErrorSource.Retell, "Network or connection error", "Can't reach Retell's servers.",
                ["Check your internet connection", "System will retry automatically", "No action needed"]),
            new(ErrorSource.Vapi, "Network or connection error", "Your server couldn't reach Vapi's servers.",
                ["Check your internet connection", "System will retry automatically", "No action needed on your part"]),
        ],
        new("Can't reach provider", "System retries automatically"));

    /// <summary>Unrecognised answers, and a create request whose outcome LeadDialer could not learn: temporary "for safety".</summary>
    public static readonly GuideError UnknownError = new(
        "Unknown error", ErrorKind.Temporary, [],
        new("Unexpected issue", "System retries for safety"),
        RaisedBy: Providers | ErrorSource.LeadDialer);

    /// <summary>A placed call the provider ended on a temporary problem (its end reason is the provider message).</summary>
    public static readonly GuideError CallFailedForTemporaryReason = new(
        "Call failed for temporary reason", ErrorKind.Temporary,
        [
            new(Providers, "Call failed for temporary reason", "The call was placed but ended on a temporary problem; it counts as an attempt.",
                ["System retries automatically after the retry delay"]),
        ]);

    /// <summary>The guide's stale "in-progress" clean-up.</summary>
    public static readonly GuideError CallDidNotReportAnEnd = new(
        "Call did not report an end", ErrorKind.Temporary,
        [
            new(ErrorSource.LeadDialer, "Call did not report an end",
                "No webhook arrived for this call before the stale-call limit, and the provider could not say how it ended; it counts as an attempt.",
                ["System retries automatically after the retry delay", "If it happens often, check that the provider's webhooks reach LeadDialer"]),
        ]);

    /// <summary>LeadDialer holds the calls of an agent paused after an account or configuration error until a user resumes it.</summary>
    public static readonly GuideError AgentPaused = new(
        "Agent paused", ErrorKind.Temporary,
        [
            new(ErrorSource.LeadDialer, "Agent paused",
                "Dialing with the lead's agent is paused after an account or configuration error; its leads wait, nothing is retried until it is resumed.",
                ["Open Settings → Agents: the paused agent shows the error that paused it", "Fix that error as the Error Classification Guide says"]),
        ],
        PausesAgent: true);

    /// <summary>
    /// The reason of an attempt used up by temporary errors in a row placing the call (the Dialer's
    /// <c>MaxTemporaryErrorsInARow</c>), e.g. "Temporary error: Server error (5 times in a row)".
    /// </summary>
    public static string TemporaryErrorsInARow(string reason, int times) => $"Temporary error: {reason} ({times} times in a row)";

    /// <summary>Every reason, permanent first, in the guide's order.</summary>
    public static IReadOnlyList<GuideError> All { get; } =
    [
        InvalidPhoneNumberFormat, InvalidLeadPhoneNumberFormat, PhoneNumberDoesNotExist,
        PhoneNumberNotRegistered, PhoneNumberNotRegisteredInAccount, AgentPhoneNumberConfigurationError,
        AgentOrAssistantNotFound, AgentOrAssistantConfigurationNotFound, ApiKeyInvalidOrMissing, PaymentRequired,
        PermanentErrorFromProvider, OnDoNotCallList,
        RateLimitExceeded, ServerError, NetworkOrConnectionError, UnknownError, CallFailedForTemporaryReason,
        CallDidNotReportAnEnd, AgentPaused,
    ];

    /// <summary>The guide's Error Messages Quick Reference, its tables in its order.</summary>
    public static IReadOnlyList<GuideError> QuickReference(ErrorKind kind) =>
    [
        .. (kind == ErrorKind.Permanent
            ? [InvalidLeadPhoneNumberFormat, PhoneNumberNotRegistered, AgentOrAssistantNotFound, ApiKeyInvalidOrMissing, PhoneNumberDoesNotExist]
            : (GuideError[])[RateLimitExceeded, ServerError, NetworkOrConnectionError, UnknownError]),
    ];

    static readonly Dictionary<string, GuideError> ByReason = All.ToDictionary(e => e.Reason, StringComparer.OrdinalIgnoreCase);

    public static GuideError? Find(string? reason) => reason is null ? null : ByReason.GetValueOrDefault(reason);

    /// <summary>The reason's entry; for a reason LeadDialer produces, so a missing one is a bug.</summary>
    public static GuideError Of(string reason) =>
        Find(reason) ?? throw new ArgumentException($"\"{reason}\" is not in the error catalogue.", nameof(reason));

    /// <summary>
    /// What to do about a stored error: its own fix, else the catalogue's for its reason (rows stored
    /// before fixes were), else the guide's Summary for its kind.
    /// </summary>
    public static string FixOf(LeadError error) =>
        error.Fix ?? Find(error.Reason)?.Fix ?? (error.Kind == ErrorKind.Permanent
            ? "Fix the issue, then you can retry manually."
            : "System retries automatically.");

    /// <summary>
    /// A lead held because its agent is paused: the pause's own reason and the guide's steps for it, then Resume.
    /// <paramref name="pausedReason"/> is the catalogue reason the agent was paused with.
    /// </summary>
    public static LeadError AgentPausedBy(string? pausedReason, string? provider) =>
        Find(pausedReason) is { } cause
            ? new(AgentPaused.Kind, AgentPaused.Reason, null, $"The agent was paused after \"{cause.Reason}\". {cause.StepsFor(provider)} {GuideError.PressResume}")
            : AgentPaused.ToLeadError();
}
