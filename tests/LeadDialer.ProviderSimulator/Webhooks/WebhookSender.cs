using LeadDialer.ProviderSimulator.Stats;

namespace LeadDialer.ProviderSimulator.Webhooks;

/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="BaseDelay">Delay before the first retry; doubles for each further retry.</param>
public sealed record WebhookRetryPolicy(TimeSpan Timeout, int MaxRetries, TimeSpan BaseDelay);

/// <summary>
/// Provider-neutral delivery: POSTs the given bytes, retrying on non-2xx or transport errors.
/// Headers are produced per attempt because signatures carry a timestamp.
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    SimulatorStats stats,
    WebhookLog log,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    /// <returns>True when some attempt was answered with 2xx.</returns>
    public async Task<bool> DeliverAsync(
        string provider,
        string eventName,
        string callId,
        Uri url,
        byte[] body,
        Func<byte[], IReadOnlyDictionary<string, string>> headersFor,
        WebhookRetryPolicy policy,
        CancellationToken ct)
    {
        var record = log.Begin(provider, eventName, callId, url.ToString(), time.GetUtcNow());
        var client = httpClientFactory.CreateClient(HttpClientName);

        for (var attempt = 0; attempt <= policy.MaxRetries; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(policy.BaseDelay * Math.Pow(2, attempt - 1), time, ct);

            var headers = headersFor(body);
            int? status = null;
            string? error = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(policy.Timeout);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        // The exact bytes that were signed; never re-serialized.
                        Content = new ByteArrayContent(body),
                    };
                    request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                    foreach (var (name, value) in headers)
                        request.Headers.TryAddWithoutValidation(name, value);

                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                    status = (int)response.StatusCode;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    error = $"timeout after {policy.Timeout.TotalSeconds:0.###} s";
                }
                catch (HttpRequestException ex)
                {
                    error = ex.Message;
                }
            }

            stats.WebhookAttempted();
            record.AddAttempt(new WebhookAttempt(time.GetUtcNow(), status, error, headers));

            if (status is >= 200 and < 300)
            {
                record.Finish(delivered: true);
                stats.WebhookFinished(delivered: true);
                logger.LogInformation("{Provider} webhook {Event} for {CallId} delivered ({Status}, attempt {Attempt})",
                    provider, eventName, callId, status, attempt + 1);
                return true;
            }

            logger.LogWarning("{Provider} webhook {Event} for {CallId} attempt {Attempt} failed: {Reason}",
                provider, eventName, callId, attempt + 1, status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? error);
        }

        record.Finish(delivered: false);
        stats.WebhookFinished(delivered: false);
        return false;
    }
}
