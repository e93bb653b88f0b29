namespace LeadDialer.ProviderGateway.Classification;

/// <summary>The reasons of the user guide's error tables, word for word.</summary>
public static class ErrorReasons
{
    // Permanent
    public const string InvalidPhoneNumberFormat = "Invalid phone number format";
    public const string PhoneNumberNotRegistered = "Phone number not registered";
    public const string AgentOrAssistantNotFound = "Agent or assistant not found";
    public const string ApiKeyInvalidOrMissing = "API key is invalid or missing";
    public const string PhoneNumberDoesNotExist = "Phone number does not exist";

    /// <summary>
    /// Retell's 402 (trial ended / no payment method). The guide has no row for it; it is one of its
    /// "other permanent errors from provider", named after the HTTP status.
    /// </summary>
    public const string PaymentRequired = "Payment required";

    /// <summary>The guide's "Agent phone number configuration error": the agent has no caller number.</summary>
    public const string AgentPhoneNumberConfigurationError = "Agent phone number configuration error";

    // Temporary
    /// <summary>Not the provider's: LeadDialer holds calls for an agent paused after an account or configuration error.</summary>
    public const string AgentPaused = "Agent paused";

    public const string RateLimitExceeded = "Rate limit exceeded";
    public const string ServerError = "Server error";
    public const string NetworkOrConnectionError = "Network or connection error";
    public const string UnknownError = "Unknown error";
}
