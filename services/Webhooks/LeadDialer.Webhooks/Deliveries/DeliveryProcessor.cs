using System.Diagnostics;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Webhooks.Data;
using LeadDialer.Webhooks.PlacedCalls;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadDialer.Webhooks.Deliveries;

/// <summary>
/// Publishes what the stored deliveries mean, in arrival order, through the outbox: the delivery is
/// marked processed, the event recorded in <c>call_events</c> and the message written in one
/// transaction. A duplicate or out-of-order delivery finds its kind of event already recorded for the
/// call and publishes nothing again. Several instances share the work (<c>FOR UPDATE SKIP LOCKED</c>).
/// Nothing is published for a call LeadDialer did not place as the report says (<see cref="CallTrust"/>):
/// a report that comes before its call's CallStarted waits for it; one that names another lead,
/// attempt or an unknown call is dropped, logged and counted.
/// </summary>
public sealed class DeliveryProcessor(
    IServiceScopeFactory scopes,
    DeliverySignal signal,
    OutboxSignal outbox,
    IOptions<TrustOptions> trust,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger) : BackgroundService
{
    const int BatchSize = 200;
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Drain, then sleep until a delivery is stored (or the poll picks up another instance's).
                while (await ProcessBatch(stoppingToken) == BatchSize)
                {
                }

                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Processing webhook deliveries failed; retrying");
                await Task.Delay(PollInterval, time, stoppingToken);
            }
        }
    }

    public async Task<int> ProcessBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        var handlers = scope.ServiceProvider.GetServices<IDeliveryHandler>().ToDictionary(h => h.Provider);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = time.GetUtcNow();
        var deliveries = await db.Deliveries
            .FromSql($"SELECT * FROM webhook_deliveries WHERE status = 'Pending' AND process_after <= {due} ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        if (deliveries.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var placed = await PlacedCallsOf(db, deliveries, cancellationToken);
        // Events recorded in this batch (not yet visible to the query below).
        var recorded = new HashSet<(string, string, string)>();
        foreach (var delivery in deliveries)
        {
            var polled = delivery.EventType == PolledDelivery.EventType;
            DeliveryMeaning meaning;
            try
            {
                meaning = polled
                    ? PolledDelivery.Interpret(handlers[delivery.Provider], delivery.Body)
                    : handlers[delivery.Provider].Interpret(delivery.Body, delivery.ReceivedAt);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or KeyNotFoundException)
            {
                meaning = DeliveryMeaning.Invalid($"Could not read the delivery: {ex.Message}");
            }

            if (meaning.CallEvents.Count > 0 && !await Trusted(db, delivery, meaning, placed, now, cancellationToken))
            {
                continue;
            }

            var published = new List<string>();
            foreach (var callEvent in meaning.CallEvents)
            {
                var key = (delivery.Provider, meaning.ProviderCallId!, callEvent.Kind);
                if (recorded.Contains(key) || await db.CallEvents.AnyAsync(
                    c => c.Provider == delivery.Provider && c.ProviderCallId == meaning.ProviderCallId && c.Kind == callEvent.Kind, cancellationToken))
                {
                    continue;
                }

                recorded.Add(key);
                db.CallEvents.Add(new CallEventRecord
                {
                    Provider = delivery.Provider,
                    ProviderCallId = meaning.ProviderCallId!,
                    Kind = callEvent.Kind,
                    DeliveryId = delivery.Id,
                    PublishedAt = now,
                });
                // Back in the call's trace, so CallEnded and the status change it causes belong to it.
                using (var activity = Telemetry.StartContinuation($"{delivery.Provider} webhook {delivery.EventType}", callEvent.TraceParent, ActivityKind.Consumer))
                {
                    var (leadId, callAttemptId) = callEvent.Message switch
                    {
                        Contracts.CallEnded e => (e.LeadId, e.CallAttemptId),
                        Contracts.CallAnalyzed a => (a.LeadId, a.CallAttemptId),
                        _ => (Guid.Empty, Guid.Empty),
                    };
                    activity?.SetTag("leaddialer.lead_id", leadId.ToString());
                    activity?.SetTag("leaddialer.call_attempt_id", callAttemptId.ToString());
                    activity?.SetTag("leaddialer.provider_call_id", meaning.ProviderCallId);
                    AddOutboxMessage(db, callEvent.Message, now);
                }

                if (callEvent.Message is Contracts.CallEnded callEnded)
                {
                    WebhookMetrics.CallEnded(callEnded, learnedBy: polled ? "poll" : "webhook");
                }

                published.Add(callEvent.Message.GetType().Name);
            }

            delivery.Status = meaning.CallEvents.Count > 0 && published.Count == 0 ? DeliveryStatus.Ignored : meaning.Status;
            delivery.Outcome = meaning.CallEvents.Count == 0
                ? meaning.Outcome
                : published.Count == 0 ? "Duplicate: already published for this call" : "Published " + string.Join(", ", published);
            delivery.ProcessedAt = now;
            if (published.Count > 0)
            {
                logger.LogInformation("{Provider} webhook {EventType} for call {ProviderCallId} (delivery {DeliveryId}): published {Events}", delivery.Provider, delivery.EventType, meaning.ProviderCallId, delivery.Id, published);
            }
            else if (meaning.Status == DeliveryStatus.Ignored)
            {
                logger.LogWarning("{Provider} webhook {EventType} (delivery {DeliveryId}) ignored: {Why}", delivery.Provider, delivery.EventType, delivery.Id, meaning.Outcome);
            }
            else if (meaning.Status == DeliveryStatus.Invalid)
            {
                logger.LogError("{Provider} webhook {EventType} (delivery {DeliveryId}) is unusable: {Problem}", delivery.Provider, delivery.EventType, delivery.Id, meaning.Outcome);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Notify();
        return deliveries.Count;
    }

    /// <summary>The placed calls the batch's deliveries are about, in one query.</summary>
    static async Task<Dictionary<(string, string), PlacedCall>> PlacedCallsOf(WebhooksDbContext db, List<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        var callIds = deliveries.Where(d => d.ProviderCallId is not null).Select(d => d.ProviderCallId!).Distinct().ToList();
        var calls = await db.PlacedCalls.AsNoTracking().Where(p => callIds.Contains(p.ProviderCallId)).ToListAsync(cancellationToken);
        return calls.ToDictionary(p => (p.Provider, p.ProviderCallId));
    }

    /// <summary>Whether the delivery is about a call we placed, as we placed it; if not, it is deferred or dropped here.</summary>
    async Task<bool> Trusted(
        WebhooksDbContext db, WebhookDelivery delivery, DeliveryMeaning meaning, Dictionary<(string, string), PlacedCall> placed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = meaning.CallEvents[0].Message switch
        {
            Contracts.CallEnded e => new ClaimedCall(e.Provider, e.ProviderCallId, e.LeadId, e.Attempt, e.CallAttemptId),
            Contracts.CallAnalyzed a => new ClaimedCall(a.Provider, a.ProviderCallId, a.LeadId, a.Attempt, a.CallAttemptId),
            var other => throw new InvalidOperationException($"No claim to check on {other.GetType().Name}."),
        };
        var byCall = placed.GetValueOrDefault((claimed.Provider, claimed.ProviderCallId))
            ?? await db.PlacedCalls.AsNoTracking().SingleOrDefaultAsync(p => p.Provider == claimed.Provider && p.ProviderCallId == claimed.ProviderCallId, cancellationToken);
        var byAttempt = byCall is null
            ? await db.PlacedCalls.AsNoTracking().FirstOrDefaultAsync(p => p.CallAttemptId == claimed.CallAttemptId, cancellationToken)
            : null;
        var waited = now - delivery.ReceivedAt;
        switch (CallTrust.Check(claimed, byCall, byAttempt, waited, trust.Value.UnknownCallWait))
        {
            case TrustVerdict.Trusted:
                return true;

            case TrustVerdict.NotYetKnown:
                // Stays pending: its CallStarted is still on its way (or Webhooks was down when it came).
                delivery.ProcessAfter = now + CallTrust.NextLook(waited);
                delivery.Outcome = $"Waiting for LeadDialer's record of {claimed.Provider} call {claimed.ProviderCallId}";
                return false;

            case TrustVerdict.Mismatch(var why):
                Drop(delivery, "mismatch", why, now);
                return false;

            case TrustVerdict.Unknown(var why):
                Drop(delivery, "unknown-call", why, now);
                return false;

            default:
                throw new InvalidOperationException("Unexpected trust verdict.");
        }
    }

    void Drop(WebhookDelivery delivery, string reason, string why, DateTimeOffset now)
    {
        delivery.Status = DeliveryStatus.Ignored;
        delivery.Outcome = $"Not trusted ({reason}): {why}";
        delivery.ProcessedAt = now;
        WebhookMetrics.Untrusted(delivery.Provider, reason);
        logger.LogWarning("{Provider} {EventType} (delivery {DeliveryId}) dropped, not trusted: {Why}", delivery.Provider, delivery.EventType, delivery.Id, why);
    }

    static void AddOutboxMessage(WebhooksDbContext db, object message, DateTimeOffset now)
    {
        switch (message)
        {
            case Contracts.CallEnded ended:
                db.AddOutboxMessage(ended, now);
                break;
            case Contracts.CallAnalyzed analyzed:
                db.AddOutboxMessage(analyzed, now);
                break;
            default:
                throw new InvalidOperationException($"No outbox mapping for {message.GetType().Name}.");
        }
    }
}
