using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadDialer.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>Relays this service's outbox table (see <see cref="OutboxRelay"/>). Requires <c>AddPostgres</c>.</summary>
    public static IHostApplicationBuilder AddOutboxRelay(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxNotifyInterceptor>();
        builder.Services.AddOptions<OutboxRelayOptions>().BindConfiguration("Outbox");
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }
}

/// <summary>Adds a message to the outbox of the DbContext's pending changes.</summary>
public static class DbContextOutboxExtensions
{
    public static void AddOutboxMessage<T>(this Microsoft.EntityFrameworkCore.DbContext db, T message, DateTimeOffset now)
        where T : class => db.Set<OutboxMessage>().Add(OutboxMessage.Create(message, now));
}

/// <summary>Wakes the relay after a SaveChanges that wrote outbox rows.</summary>
sealed class OutboxNotifyInterceptor(OutboxSignal signal) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
{
    public override ValueTask<int> SavedChangesAsync(
        Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Inside an explicit transaction the rows are not visible yet; the poll picks them up, or
        // the caller notifies after commit.
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }

        return ValueTask.FromResult(result);
    }
}
