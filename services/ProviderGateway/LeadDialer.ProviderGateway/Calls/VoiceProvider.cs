using System.Net.Sockets;
using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Data;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Refit;

namespace LeadDialer.ProviderGateway.Calls;

/// <summary>What became of one create-call request.</summary>
public abstract record CreateOutcome
{
    private CreateOutcome()
    {
    }

    public sealed record Placed(string ProviderCallId) : CreateOutcome;

    /// <summary>The provider answered with an error: nothing was dialled.</summary>
    public sealed record Refused(LeadError Error, int StatusCode) : CreateOutcome;

    /// <summary>The request certainly never reached the provider (circuit open, rate limit, connection refused).</summary>
    public sealed record NotSent(LeadError Error) : CreateOutcome;

    /// <summary>The request may have reached the provider, but its answer was lost: it may have dialled.</summary>
    public sealed record Unknown(LeadError Error) : CreateOutcome;
}

/// <summary>What a lookup by call attempt id found.</summary>
public abstract record LookupOutcome
{
    private LookupOutcome()
    {
    }

    public sealed record Found(string ProviderCallId) : LookupOutcome;

    public sealed record NotFound : LookupOutcome;

    /// <summary>The provider could not be asked.</summary>
    public sealed record Failed(string Why) : LookupOutcome;
}

/// <summary>What asking the provider about a placed call found.</summary>
public abstract record FetchOutcome
{
    private FetchOutcome()
    {
    }

    /// <summary>The call has ended; <paramref name="Call"/> is the provider's call object as it answered.</summary>
    public sealed record Ended(string Call) : FetchOutcome;

    public sealed record Ongoing(string? Status) : FetchOutcome;

    /// <summary>The provider does not know the call (404).</summary>
    public sealed record NotFound : FetchOutcome;

    /// <summary>The provider could not be asked.</summary>
    public sealed record Failed(string Why) : FetchOutcome;
}

/// <summary>One voice provider's API as ProviderGateway uses it.</summary>
public interface IVoiceProvider
{
    string Name { get; }

    ProviderHttpOptions Http { get; }

    /// <summary>Sends the create-call request once; never retried after it may have reached the provider.</summary>
    Task<CreateOutcome> Create(PlaceCall command, Agent agent, CancellationToken cancellationToken);

    /// <summary>Looks up the call placed for this attempt, by the call attempt id sent in its metadata.</summary>
    Task<LookupOutcome> Find(ProviderCall call, Agent? agent, CancellationToken cancellationToken);

    /// <summary>Asks for a placed call by its provider call id (Retell get-call, Vapi GET /call/{id}).</summary>
    Task<FetchOutcome> Fetch(string providerCallId, CancellationToken cancellationToken);
}

public static class VoiceProviderResponses
{
    /// <summary>Turns a Refit answer into an outcome; <paramref name="classify"/> reads the provider's error body.</summary>
    public static CreateOutcome ToOutcome<T>(IApiResponse<T> response, Func<T?, string?> callId, Func<int, string?, LeadError> classify)
    {
        if (response.IsSuccessStatusCode)
        {
            // 2xx means the provider placed the call, even if its body could not be read.
            return new CreateOutcome.Placed(callId(response.Content) ?? string.Empty);
        }

        if (response.StatusCode is not { } statusCode)
        {
            // No answer at all (Refit captures the transport error instead of throwing it).
            return FromException((Exception?)response.Error ?? new HttpRequestException("No answer."));
        }

        var status = (int)statusCode;
        return new CreateOutcome.Refused(classify(status, (response.Error as ApiException)?.Content), status);
    }

    /// <summary>Reads a get-call answer; <paramref name="ended"/> says from the call object whether the call is over.</summary>
    public static FetchOutcome ToFetchOutcome(IApiResponse<System.Text.Json.JsonElement> response, string statusProperty, Func<string?, bool> ended)
    {
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new FetchOutcome.NotFound();
        }

        if (!response.IsSuccessStatusCode || response.Content.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return new FetchOutcome.Failed($"answered {(int?)response.StatusCode}: {(response.Error as ApiException)?.Content ?? response.Error?.Message}");
        }

        var status = response.Content.TryGetProperty(statusProperty, out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String ? s.GetString() : null;
        return ended(status) ? new FetchOutcome.Ended(response.Content.GetRawText()) : new FetchOutcome.Ongoing(status);
    }

    public static CreateOutcome FromException(Exception exception)
    {
        var error = ProviderErrorClassifier.Classify(exception);
        return CertainlyNotSent(exception) ? new CreateOutcome.NotSent(error) : new CreateOutcome.Unknown(error);
    }

    /// <summary>
    /// Only failures that happen before a byte leaves this process are certain; a timeout or a reset
    /// connection may come after the provider accepted the call.
    /// </summary>
    public static bool CertainlyNotSent(Exception exception) => exception switch
    {
        ApiRequestException { InnerException: { } inner } => CertainlyNotSent(inner),
        BrokenCircuitException or RateLimiterRejectedException => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => true,
        _ => false,
    };
}
