using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ProviderGateway.Data;
using LeadDialer.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderGateway.Reconciliation;

/// <summary>
/// Never loses a call: a started call whose outcome has not come some time after it should have
/// ended (its webhook lost, or Webhooks or the database down when it came) is asked about at the
/// provider, and the answer goes to the Webhooks service as <see cref="CallPolled"/>, which reads it
/// exactly as the webhook and publishes it once: whichever comes first wins. Driven by the
/// <c>provider_calls</c> table, so calls still open after any restart are asked about too, and several
/// instances may run (a row is saved with its xmin: one of two concurrent asks stands).
/// </summary>
public sealed class CallReconciler(
    IServiceScopeFactory scopes,
    IOptions<ReconcileOptions> options,
    OutboxSignal outbox,
    TimeProvider time,
    ILogger<CallReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                while (await Reconcile(stoppingToken) == options.Value.BatchSize)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Reconciling calls without an outcome failed; trying again in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Asks about the calls due now; returns how many were due.</summary>
    public async Task<int> Reconcile(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProviderGatewayDbContext>();
        var providers = scope.ServiceProvider.GetServices<IVoiceProvider>().ToDictionary(p => p.Name);

        var ids = new List<Guid>();
        foreach (var name in providers.Keys)
        {
            var firstDue = now - settings.FirstAskAfter(name);
            var oldest = now - settings.GiveUpAfter;
            ids.AddRange(await db.ProviderCalls.AsNoTracking()
                .Where(c => c.Provider == name && c.Status == ProviderCallStatus.Started && c.OutcomeKnownAt == null && c.ProviderCallId != null
                    && c.CompletedAt > oldest
                    && (c.NextCheckAt == null ? c.CompletedAt <= firstDue : c.NextCheckAt <= now))
                .OrderBy(c => c.CompletedAt)
                .Select(c => c.CallAttemptId)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken));
        }

        foreach (var id in ids.Take(settings.BatchSize))
        {
            db.ChangeTracker.Clear();
            var call = await db.ProviderCalls.SingleAsync(c => c.CallAttemptId == id, cancellationToken);
            if (call.OutcomeKnownAt is not null)
            {
                continue;
            }

            var answer = await providers[call.Provider].Fetch(call.ProviderCallId!, cancellationToken);
            Record(db, call, answer, time.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance asked at the same time, or the outcome came meanwhile: theirs stands.
            }
        }

        outbox.Notify();
        return Math.Min(ids.Count, settings.BatchSize);
    }

    void Record(ProviderGatewayDbContext db, ProviderCall call, FetchOutcome answer, DateTimeOffset now)
    {
        var next = now + options.Value.NextAskAfter(call.Checks);
        ReconcileMetrics.Asked(call.Provider, answer);
        switch (answer)
        {
            case FetchOutcome.Ended(var callObject):
                logger.LogWarning(
                    "{Provider} call {ProviderCallId} of lead {LeadId} (attempt {Attempt}) ended without its outcome reaching LeadDialer; learned by asking",
                    call.Provider, call.ProviderCallId, call.LeadId, call.Attempt);
                db.AddOutboxMessage(Polled(call, found: true, callObject, now), now);
                // Asked again only if the answer is somehow not acted on (it normally is within seconds).
                call.NoteCheck(next, $"Outcome learned by asking {call.Provider} (ask {call.Checks + 1}).");
                break;

            case FetchOutcome.NotFound:
                logger.LogWarning(
                    "{Provider} does not know call {ProviderCallId} of lead {LeadId} (attempt {Attempt}) it accepted: reported as a temporary failure",
                    call.Provider, call.ProviderCallId, call.LeadId, call.Attempt);
                db.AddOutboxMessage(Polled(call, found: false, callObject: null, now), now);
                call.NoteCheck(next, $"{call.Provider} does not know the call (ask {call.Checks + 1}).");
                break;

            case FetchOutcome.Ongoing(var status):
                call.NoteCheck(next, $"Still {status ?? "not ended"} at {call.Provider} (ask {call.Checks + 1}); asking again at {next:O}.");
                break;

            case FetchOutcome.Failed(var why):
                logger.LogWarning("{Provider} could not be asked about call {ProviderCallId}: {Why}; asking again at {Next}", call.Provider, call.ProviderCallId, why, next);
                call.NoteCheck(next, $"{call.Provider} could not be asked (ask {call.Checks + 1}): {why}");
                break;
        }
    }

    static CallPolled Polled(ProviderCall call, bool found, string? callObject, DateTimeOffset now) =>
        new(call.LeadId, call.Attempt, call.CallAttemptId, call.Provider, call.ProviderCallId!, found, callObject, now);
}
