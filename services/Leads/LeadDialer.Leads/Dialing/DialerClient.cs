using System.Net;
using LeadDialer.Contracts.Dialing;

namespace LeadDialer.Leads.Dialing;

/// <summary>How the Leads service reaches the Dialer (<c>Services:Dialer</c>).</summary>
public sealed class DialerClientOptions
{
    /// <summary>The Dialer's own address (not the gateway's), e.g. http://127.0.0.1:8082.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:8082");

    /// <summary>Lead details must answer quickly even when the Dialer does not.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>What the Dialer says about a lead's calling, or why it could not say.</summary>
public sealed record DialingLookup(LeadDialingState? State, string? Unavailable);

/// <summary>
/// Asks the Dialer (<c>GET /api/dialer/leads/{id}</c>) when and why a lead will or will not be
/// called. Lead details must not fail because of it: a Dialer that is down, slow or does not
/// know the lead gives <see cref="DialingLookup.Unavailable"/> instead.
/// </summary>
public sealed class DialerClient(HttpClient http, ILogger<DialerClient> logger)
{
    public async Task<DialingLookup> GetDialingState(Guid leadId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"api/dialer/leads/{leadId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new(null, "The Dialer has not taken this lead on (yet).");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new(null, $"The Dialer answered {(int)response.StatusCode}.");
            }

            return new(await response.Content.ReadFromJsonAsync<LeadDialingState>(cancellationToken), null);
        }
        // ExecutionRejectedException: the resilience handler's timeout or open circuit (ServiceClients).
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "The Dialer did not answer for lead {LeadId}", leadId);
            return new(null, "The Dialer is not reachable right now.");
        }
    }
}
