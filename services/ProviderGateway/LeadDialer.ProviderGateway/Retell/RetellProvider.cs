using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ProviderGateway.Data;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderGateway.Retell;

public sealed class RetellProvider(IRetellApi api, IOptions<RetellOptions> options) : IVoiceProvider
{
    public string Name => ProviderNames.Retell;

    public ProviderHttpOptions Http => options.Value.Http;

    public async Task<CreateOutcome> Create(PlaceCall command, Agent agent, CancellationToken cancellationToken)
    {
        try
        {
            var response = await api.CreatePhoneCall(RetellCallRequestBuilder.Build(command, agent), cancellationToken);
            return VoiceProviderResponses.ToOutcome(response, c => c?.CallId, RetellErrorClassifier.Classify);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return VoiceProviderResponses.FromException(ex);
        }
    }

    public async Task<LookupOutcome> Find(ProviderCall call, Agent? agent, CancellationToken cancellationToken)
    {
        try
        {
            var filter = new Dictionary<string, string[]> { ["metadata.call_attempt_id"] = [call.CallAttemptId.ToString()] };
            var response = await api.ListCalls(new ListCallsRequest(new ListCallsFilter(filter), Limit: 10), cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                return new LookupOutcome.Failed($"list-calls answered {(int?)response.StatusCode}: {(response.Error as Refit.ApiException)?.Content ?? response.Error?.Message}");
            }

            // The filter is the provider's; the metadata is checked again so a filter it ignored cannot match another call.
            var match = response.Content.FirstOrDefault(c => c.CallId is not null && MetadataCallAttemptId(c) == call.CallAttemptId.ToString());
            return match is null ? new LookupOutcome.NotFound() : new LookupOutcome.Found(match.CallId!);
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
            return VoiceProviderResponses.ToFetchOutcome(response, "call_status", status => status is "ended" or "not_connected" or "error");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new FetchOutcome.Failed(ex.Message);
        }
    }

    static string? MetadataCallAttemptId(RetellPhoneCall call) =>
        call.Metadata is { ValueKind: System.Text.Json.JsonValueKind.Object } metadata
        && metadata.TryGetProperty("call_attempt_id", out var id)
            ? id.ToString()
            : null;
}
