using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadDialer.Messaging.Persistence;

/// <summary>
/// Applies the DbContext's migrations before the service takes work: hosted services start in
/// registration order and this one is registered before the bus.
/// </summary>
sealed class MigrateDatabase<TContext>(IServiceProvider services, ILogger<MigrateDatabase<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s) to {Context}: {Migrations}", pending.Count, typeof(TContext).Name, pending);
        }

        // Several instances of a service may start at once (two Dialers): one migrates, the others
        // wait on a session advisory lock, then find nothing left to apply.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(hashtext({0}))", [MigrationLock], cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(hashtext({0}))", [MigrationLock], CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    static readonly string MigrationLock = $"leaddialer:migrate:{typeof(TContext).Name}";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
