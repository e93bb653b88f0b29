using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;

namespace LeadDialer.ProviderGateway.Vapi;

/// <summary>
/// The guide's Error Classifier for Vapi's <c>POST /call</c>. Vapi answers NestJS-style:
/// <c>{"message": "..." or ["...", ...], "error": "Bad Request", "statusCode": 400}</c>.
/// Unrecognised answers are temporary, "for safety".
/// </summary>
public static class VapiErrorClassifier
{
    public static LeadError Classify(int statusCode, string? responseBody)
    {
        var message = ProviderErrorClassifier.ReadProviderMessage(responseBody);
        var text = message ?? string.Empty;

        var error = statusCode switch
        {
            401 or 403 => GuideErrors.ApiKeyInvalidOrMissing,
            402 => GuideErrors.PaymentRequired,
            408 => GuideErrors.NetworkOrConnectionError,
            429 => GuideErrors.RateLimitExceeded,
            >= 500 and <= 599 => GuideErrors.ServerError,
            400 or 404 or 422 => Refused(text),
            _ => GuideErrors.UnknownError,
        };
        return error.ToLeadError(message, ProviderNames.Vapi);

        static GuideError Refused(string text)
        {
            // Ours first (the agent's caller number and assistant), only then the lead's number.
            if (Mentions(text, "phoneNumberId") && (Mentions(text, "must") || Mentions(text, "should not be empty") || Mentions(text, "required")))
            {
                return GuideErrors.AgentPhoneNumberConfigurationError;
            }

            if ((Mentions(text, "phone number") || Mentions(text, "phoneNumber")) && !Mentions(text, "customer") && NotFound(text))
            {
                return GuideErrors.PhoneNumberNotRegisteredInAccount;
            }

            if (Mentions(text, "assistant") && (NotFound(text) || Mentions(text, "invalid")))
            {
                return GuideErrors.AgentOrAssistantConfigurationNotFound;
            }

            if (Mentions(text, "customer.number") || Mentions(text, "e.164") || Mentions(text, "e164"))
            {
                return GuideErrors.InvalidLeadPhoneNumberFormat;
            }

            if (Mentions(text, "concurrency") || Mentions(text, "rate limit"))
            {
                return GuideErrors.RateLimitExceeded;
            }

            if (Mentions(text, "credits") || Mentions(text, "wallet") || Mentions(text, "subscription") || Mentions(text, "payment"))
            {
                return GuideErrors.PaymentRequired;
            }

            // "property x should not exist" and other validation errors are ours to fix, not the lead's:
            // temporary, so the lead is not failed for a LeadDialer bug.
            return GuideErrors.UnknownError;
        }
    }

    static bool NotFound(string text) =>
        Mentions(text, "not found") || Mentions(text, "couldn't get") || Mentions(text, "could not get") || Mentions(text, "does not exist");

    static bool Mentions(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
