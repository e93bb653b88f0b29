using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;

namespace LeadDialer.ProviderGateway.Retell;

/// <summary>
/// The guide's Error Classifier for Retell's answers (Vapi's: <see cref="Vapi.VapiErrorClassifier"/>): decides whether a refused call is
/// permanent (the lead fails) or temporary (the lead is tried again), and gives the guide's reason.
/// Unrecognised answers are temporary, "for safety", as the guide says.
/// </summary>
public static class RetellErrorClassifier
{
    /// <summary>Classifies a non-2xx answer from Retell.</summary>
    public static LeadError Classify(int statusCode, string? responseBody)
    {
        var message = ProviderErrorClassifier.ReadProviderMessage(responseBody);
        var text = message ?? string.Empty;

        var error = statusCode switch
        {
            // The caller number and the agent are ours (configuration); only then is the lead's number to blame.
            400 or 404 when Mentions(text, "from_number") => GuideErrors.PhoneNumberNotRegistered,
            400 or 404 when Mentions(text, "agent") => GuideErrors.AgentOrAssistantNotFound,
            400 or 404 when MentionsNonexistentNumber(text) => GuideErrors.PhoneNumberDoesNotExist,
            400 when MentionsNumberFormat(text) => GuideErrors.InvalidPhoneNumberFormat,
            401 or 403 => GuideErrors.ApiKeyInvalidOrMissing,
            402 => GuideErrors.PaymentRequired,
            // 422 is "asset not found under this key": either the caller number or the agent.
            422 when Mentions(text, "number") => GuideErrors.PhoneNumberNotRegistered,
            422 => GuideErrors.AgentOrAssistantNotFound,
            408 => GuideErrors.NetworkOrConnectionError,
            429 => GuideErrors.RateLimitExceeded,
            >= 500 and <= 599 => GuideErrors.ServerError,
            _ => GuideErrors.UnknownError,
        };
        return error.ToLeadError(message, ProviderNames.Retell);
    }

    static bool MentionsNonexistentNumber(string text) =>
        Mentions(text, "not a valid number")
        || ((Mentions(text, "not found") || Mentions(text, "does not exist")) && Mentions(text, "number"));

    static bool MentionsNumberFormat(string text) =>
        Mentions(text, "e.164") || Mentions(text, "e164") || Mentions(text, "number");

    static bool Mentions(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
