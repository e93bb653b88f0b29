using System.Threading.Channels;
using LeadDialer.ServiceDefaults;
using LeadDialer.Webhooks.Data;

namespace LeadDialer.Webhooks.Deliveries;

/// <summary>
/// Stores an authenticated delivery before anything else happens to it; the 2xx answer follows the
/// commit at once, and <see cref="DeliveryProcessor"/> publishes its events afterwards.
/// </summary>
/// <remarks>
/// Deliveries that arrive together are committed together (group commit): one writer takes whatever
/// has queued up while the previous insert ran and stores it in one transaction, then answers each
/// request. With one insert and one connection per request, a burst of webhooks under load exhausted
/// the connection pool; the requests failed after its 15 s timeout and the providers sent them again,
/// which made the burst worse. A request is still answered only after its row is committed.
/// </remarks>
public sealed class DeliveryStore(IServiceScopeFactory scopes, DeliverySignal signal, TimeProvider time, ILogger<DeliveryStore> logger)
    : BackgroundService
{
    const int MaxBatch = 500;

    readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    sealed record Pending(WebhookDelivery Delivery, TaskCompletionSource<long> Stored);

    public async Task<long> Store(string provider, string eventType, string? providerCallId, byte[] body, TimeSpan deferBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Provider = provider,
            EventType = eventType.Length > 64 ? eventType[..64] : eventType,
            ProviderCallId = providerCallId is { Length: > 200 } ? providerCallId[..200] : providerCallId,
            Body = body,
            ReceivedAt = now,
            ProcessAfter = now + deferBy,
            Status = DeliveryStatus.Pending,
        };
        var stored = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(delivery, stored)))
        {
            throw new InvalidOperationException("The webhook service is shutting down; the provider will deliver again.");
        }

        return await stored.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await Write(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whoever still waits gets a 5xx, and the provider delivers again.
            _queue.Writer.TryComplete();
            var stopping = new OperationCanceledException("The webhook service is shutting down.");
            batch.ForEach(pending => pending.Stored.TrySetException(stopping));
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Stored.TrySetException(stopping);
            }
        }
    }

    async Task Write(List<Pending> batch, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
            db.Deliveries.AddRange(batch.Select(p => p.Delivery));
            await db.SaveChangesAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Nothing of the batch is stored: every request in it answers 5xx and is delivered again.
            logger.LogError(ex, "Could not store {Count} webhook deliveries; the providers will deliver them again", batch.Count);
            foreach (var pending in batch)
            {
                pending.Stored.TrySetException(ex);
            }

            return;
        }

        foreach (var pending in batch)
        {
            pending.Stored.TrySetResult(pending.Delivery.Id);
        }

        signal.Notify();
    }
}

/// <summary>Wakes <see cref="DeliveryProcessor"/> when a delivery was stored.</summary>
public sealed class DeliverySignal : WakeUpSignal;
