using System.Net.Sockets;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ProviderGateway.Agents;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Refit;

namespace LeadDialer.ProviderGateway.Calls;

/// <summary>
/// What both providers' error classifiers share (<see cref="Retell.RetellErrorClassifier"/>, <see cref="Vapi.VapiErrorClassifier"/>):
/// a create that got no answer at all, the provider's message read from an error body, and which reasons pause the agent.
/// </summary>
public static class ProviderErrorClassifier
{
    /// <summary>Longest provider text kept in ProviderMessage (a 5xx can answer with a whole HTML page).</summary>
    const int MaxProviderMessageLength = 1000;

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
}
