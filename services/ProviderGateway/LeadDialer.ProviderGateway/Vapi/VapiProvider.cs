using System.Globalization;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ProviderGateway.Data;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderGateway.Vapi;

public sealed class VapiProvider(IVapiApi api, IOptions<VapiOptions> options) : IVoiceProvider
{
    public string Name => ProviderNames.Vapi;

    public ProviderHttpOptions Http => options.Value.Http;

    public async Task<CreateOutcome> Create(PlaceCall command, Agent agent, CancellationToken cancellationToken)
    {
        try
        {
            var response = await api.CreateCall(VapiCallRequestBuilder.Build(command, agent, options.Value), cancellationToken);
            return VoiceProviderResponses.ToOutcome(response, c => c?.Id, VapiErrorClassifier.Classify);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return VoiceProviderResponses.FromException(ex);
        }
    }

    /// <summary>Vapi cannot filter by metadata: the caller number's calls since the attempt began are read and matched.</summary>
    public async Task<LookupOutcome> Find(ProviderCall call, Agent? agent, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(agent?.PhoneNumberId))
        {
            return new LookupOutcome.Failed("The agent (and so its phone number id) is gone; the call cannot be looked up.");
        }

        try
        {
            var since = (call.CreatedAt - TimeSpan.FromMinutes(1)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var response = await api.ListCalls(agent.PhoneNumberId, since, 1000, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                return new LookupOutcome.Failed($"GET /call answered {(int?)response.StatusCode}: {(response.Error as Refit.ApiException)?.Content ?? response.Error?.Message}");
            }

            var match = response.Content.FirstOrDefault(c => c.Id is not null && MetadataCallAttemptId(c) == call.CallAttemptId.ToString());
            return match is null ? new LookupOutcome.NotFound() : new LookupOutcome.Found(match.Id!);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new LookupOutcome.Failed(ex.Message);
        }
    }

    public async Task<FetchOutcome> Fetch(string providerCallId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await api.GetCall(providerCallId, cancellationToken);
            return VoiceProviderResponses.ToFetchOutcome(response, "status", status => status == "ended");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new FetchOutcome.Failed(ex.Message);
        }
    }

    static string? MetadataCallAttemptId(VapiCall call) =>
        call.AssistantOverrides is { ValueKind: JsonValueKind.Object } overrides
        && overrides.TryGetProperty("metadata", out var metadata)
        && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("callAttemptId", out var id)
            ? id.ToString()
            : null;
}
