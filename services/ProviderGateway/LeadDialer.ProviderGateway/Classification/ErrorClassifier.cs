using System.Net.Sockets;
using System.Text.Json;
using LeadDialer.Contracts;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace LeadDialer.ProviderGateway.Classification;

/// <summary>
/// The guide's Error Classifier for Retell's create-phone-call: decides whether a refused call is
/// permanent (the lead fails) or temporary (the lead is tried again), and gives the guide's reason.
/// Unrecognised answers are temporary, "for safety", as the guide says.
/// </summary>
public static class ErrorClassifier
{
    /// <summary>Longest provider text kept in ProviderMessage (a 5xx can answer with a whole HTML page).</summary>
    const int MaxProviderMessageLength = 1000;

    /// <summary>Classifies a non-2xx answer from Retell.</summary>
    public static LeadError Classify(int statusCode, string? responseBody)
    {
        var message = ReadProviderMessage(responseBody);
        var text = message ?? string.Empty;

        return statusCode switch
        {
            // The caller number and the agent are ours (configuration); only then is the lead's number to blame.
            400 or 404 when Mentions(text, "from_number") => Permanent(ErrorReasons.PhoneNumberNotRegistered),
            400 or 404 when Mentions(text, "agent") => Permanent(ErrorReasons.AgentOrAssistantNotFound),
            400 or 404 when MentionsNonexistentNumber(text) => Permanent(ErrorReasons.PhoneNumberDoesNotExist),
            400 when MentionsNumberFormat(text) => Permanent(ErrorReasons.InvalidPhoneNumberFormat),
            401 or 403 => Permanent(ErrorReasons.ApiKeyInvalidOrMissing),
            402 => Permanent(ErrorReasons.PaymentRequired),
            // 422 is "asset not found under this key": either the caller number or the agent.
            422 when Mentions(text, "number") => Permanent(ErrorReasons.PhoneNumberNotRegistered),
            422 => Permanent(ErrorReasons.AgentOrAssistantNotFound),
            408 => Temporary(ErrorReasons.NetworkOrConnectionError),
            429 => Temporary(ErrorReasons.RateLimitExceeded),
            >= 500 and <= 599 => Temporary(ErrorReasons.ServerError),
            _ => Temporary(ErrorReasons.UnknownError),
        };

        LeadError Permanent(string reason) => new(ErrorKind.Permanent, reason, message);
        LeadError Temporary(string reason) => new(ErrorKind.Temporary, reason, message);
    }

    /// <summary>
    /// Errors of the account or the agent's configuration, not of the lead: every other lead would fail
    /// the same way, so dialing with the agent is paused until a user fixes it and resumes.
    /// </summary>
    public static bool IsAccountOrConfigurationError(string reason) => reason is
        ErrorReasons.ApiKeyInvalidOrMissing or ErrorReasons.AgentOrAssistantNotFound or
        ErrorReasons.PhoneNumberNotRegistered or ErrorReasons.PaymentRequired or
        ErrorReasons.AgentPhoneNumberConfigurationError;

    /// <summary>Classifies a create request that got no answer at all.</summary>
    public static LeadError Classify(Exception exception) => exception switch
    {
        // Refit's wrapper around whatever HttpClient threw.
        ApiRequestException { InnerException: { } inner } => Classify(inner),
        // The per-attempt or total timeout of the resilience pipeline, or HttpClient's own.
        TimeoutRejectedException or TaskCanceledException or TimeoutException
            => new(ErrorKind.Temporary, ErrorReasons.NetworkOrConnectionError, "No answer from Retell in time: " + exception.Message),
        // The circuit is open after repeated failures: the request was not sent.
        BrokenCircuitException
            => new(ErrorKind.Temporary, ErrorReasons.NetworkOrConnectionError, "Retell is failing; requests are paused: " + exception.Message),
        HttpRequestException or SocketException or IOException
            => new(ErrorKind.Temporary, ErrorReasons.NetworkOrConnectionError, exception.Message),
        _ => new(ErrorKind.Temporary, ErrorReasons.UnknownError, exception.Message),
    };

    /// <summary>
    /// The provider's message, verbatim: <c>{"status":"error","message":"..."}</c>, the older
    /// <c>{"error_message":"..."}</c>, else the body itself (trimmed and capped).
    /// </summary>
    public static string? ReadProviderMessage(string? responseBody)
    {
        if (string.IsNullOrWhiteSpace(responseBody))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(responseBody);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (string[])["message", "error_message"])
                {
                    if (document.RootElement.TryGetProperty(name, out var value))
                    {
                        if (value.ValueKind == JsonValueKind.String)
                        {
                            return value.GetString();
                        }

                        if (value.ValueKind == JsonValueKind.Array)
                        {
                            return string.Join("; ", value.EnumerateArray().Select(v => v.ToString()));
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML error page, say): keep the text itself.
        }

        var text = responseBody.Trim();
        return text.Length <= MaxProviderMessageLength ? text : text[..MaxProviderMessageLength];
    }

    static bool MentionsNonexistentNumber(string text) =>
        Mentions(text, "not a valid number")
        || ((Mentions(text, "not found") || Mentions(text, "does not exist")) && Mentions(text, "number"));

    static bool MentionsNumberFormat(string text) =>
        Mentions(text, "e.164") || Mentions(text, "e164") || Mentions(text, "number");

    static bool Mentions(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
