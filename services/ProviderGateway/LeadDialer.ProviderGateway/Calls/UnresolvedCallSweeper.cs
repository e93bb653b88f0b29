using LeadDialer.ProviderGateway.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.ProviderGateway.Calls;

/// <summary>
/// Keeps resolving call attempts left unresolved (the provider could not be asked) or abandoned in
/// flight (the process died while the create request was out). After <see cref="GiveUpAfter"/> the
/// outcome is reported as unknown, so a lead is not held forever.
/// </summary>
public sealed class UnresolvedCallSweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<UnresolvedCallSweeper> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>Older than this, an attempt is no one's in flight any more (beyond every timeout and lookup).</summary>
    static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Sweeping unresolved call attempts failed; trying again in {Interval}", Interval);
            }
        }
    }

    async Task Sweep(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now - Abandoned;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProviderGatewayDbContext>();
        var resolver = scope.ServiceProvider.GetRequiredService<CallAttemptResolver>();
        var ids = await db.ProviderCalls.AsNoTracking()
            .Where(c => (c.Status == ProviderCallStatus.Requested || c.Status == ProviderCallStatus.Unresolved) && c.CreatedAt < before)
            .OrderBy(c => c.CreatedAt)
            .Select(c => c.CallAttemptId)
            .Take(50)
            .ToListAsync(cancellationToken);

        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            var call = await db.ProviderCalls.SingleAsync(c => c.CallAttemptId == id, cancellationToken);
            await resolver.Resolve(db, call, giveUp: now - call.CreatedAt > GiveUpAfter, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A redelivered PlaceCall resolved it at the same time; its answer stands.
            }
        }
    }
}
