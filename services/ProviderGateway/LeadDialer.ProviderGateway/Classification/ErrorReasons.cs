namespace LeadDialer.ProviderGateway.Classification;

/// <summary>The reasons of the user guide's error tables, word for word.</summary>
public static class ErrorReasons
{
    // Permanent (Retell's section and the quick reference)
    public const string InvalidPhoneNumberFormat = "Invalid phone number format";
    public const string PhoneNumberNotRegistered = "Phone number not registered";
    public const string AgentOrAssistantNotFound = "Agent or assistant not found";
    public const string ApiKeyInvalidOrMissing = "API key is invalid or missing";
    public const string PhoneNumberDoesNotExist = "Phone number does not exist";

    /// <summary>The guide's "Agent phone number configuration error": the agent has no caller number.</summary>
    public const string AgentPhoneNumberConfigurationError = "Agent phone number configuration error";

    // Permanent (Vapi's section words them its own way)
    public const string InvalidLeadPhoneNumberFormat = "Invalid lead phone number format";
    public const string PhoneNumberNotRegisteredInAccount = "Phone number not registered in account";
    public const string AgentOrAssistantConfigurationNotFound = "Agent or assistant configuration not found";

    /// <summary>
    /// Retell's 402 (trial ended / no payment method), Vapi's out-of-credits. The guide has no row for it;
    /// it is one of its "other permanent errors from provider", named after the HTTP status.
    /// </summary>
    public const string PaymentRequired = "Payment required";

    // Temporary
    public const string RateLimitExceeded = "Rate limit exceeded";
    public const string ServerError = "Server error";
    public const string NetworkOrConnectionError = "Network or connection error";
    public const string UnknownError = "Unknown error";

    /// <summary>Not the provider's: LeadDialer holds calls for an agent paused after an account or configuration error.</summary>
    public const string AgentPaused = "Agent paused";

    /// <summary>The guide's fix for each reason (its "How to fix" / "What To Do").</summary>
    public static string? Fix(string reason) => reason switch
    {
        InvalidPhoneNumberFormat or InvalidLeadPhoneNumberFormat =>
            "Fix the format to E.164: '+', the country code and the number, no spaces, dashes or parentheses (e.g. +14155551234).",
        PhoneNumberDoesNotExist => "Verify the phone number is correct; get a correct number from the lead.",
        PhoneNumberNotRegistered or PhoneNumberNotRegisteredInAccount =>
            "Register (or buy) the caller number in the provider dashboard, then update the agent's configuration with it.",
        AgentPhoneNumberConfigurationError => "Assign a phone number to the agent in the provider dashboard and check the agent's phone number in its settings.",
        AgentOrAssistantNotFound or AgentOrAssistantConfigurationNotFound =>
            "Verify the agent id in the agent's settings against the provider dashboard, and update it.",
        ApiKeyInvalidOrMissing =>
            "Check RETELL_API_KEY / VAPI_API_KEY in the environment, generate a new key in the provider dashboard if needed, and restart.",
        PaymentRequired => "Add a payment method or credits in the provider dashboard.",
        RateLimitExceeded => "None: the system waits and retries. Consider a higher plan or spreading out call initiations.",
        ServerError => "None: the provider is having issues and the system retries automatically.",
        NetworkOrConnectionError => "None: the system retries automatically. Check the connection if it persists.",
        UnknownError => "None: the system retries for safety.",
        AgentPaused => "Fix the agent's configuration, then resume it (POST /api/agents/{id}/resume).",
        _ => null,
    };
}
