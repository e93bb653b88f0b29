using System.Net.Sockets;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ProviderGateway.Agents;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Refit;

namespace LeadDialer.ProviderGateway.Classification;

/// <summary>
/// The guide's Error Classifier for Retell's create-phone-call (Vapi's: <see cref="VapiErrorClassifier"/>): decides whether a refused call is
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

    /// <summary>
    /// Errors of the account or the agent's configuration, not of the lead: every other lead would fail
    /// the same way, so dialing with the agent is paused until a user fixes it and resumes.
    /// </summary>
    public static bool IsAccountOrConfigurationError(string reason) => GuideErrors.Find(reason) is { PausesAgent: true };

    /// <summary>
    /// Classifies a create request that got no answer at all. The provider said nothing, so the message is
    /// what the connection to it reported.
    /// </summary>
    public static LeadError Classify(Exception exception, string? provider = null) => exception switch
    {
        // Refit's wrapper around whatever HttpClient threw.
        ApiRequestException { InnerException: { } inner } => Classify(inner, provider),
        // Our own client-side rate limit had no token left in time: nothing was sent.
        RateLimiterRejectedException
            => GuideErrors.RateLimitExceeded.ToLeadError("Client-side rate limit: " + exception.Message, provider),
        // The per-attempt or total timeout of the resilience pipeline, or HttpClient's own.
        TimeoutRejectedException or TaskCanceledException or TimeoutException
            => GuideErrors.NetworkOrConnectionError.ToLeadError("No answer from the provider in time: " + exception.Message, provider),
        // The circuit is open after repeated failures: the request was not sent.
        BrokenCircuitException
            => GuideErrors.NetworkOrConnectionError.ToLeadError("The provider is failing; requests are paused: " + exception.Message, provider),
        HttpRequestException or SocketException or IOException
            => GuideErrors.NetworkOrConnectionError.ToLeadError(exception.Message, provider),
        _ => GuideErrors.UnknownError.ToLeadError(exception.Message, provider),
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
