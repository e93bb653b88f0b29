using LeadDialer.Leads.Data;
using LeadDialer.Leads.Events;
using LeadDialer.Leads.Leads;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadDialer.IntegrationTests.Leads;

/// <summary>The Leads service's data side on a fresh, migrated PostgreSQL database, with its consumers on MassTransit's in-memory bus.</summary>
sealed class LeadsHost : IAsyncDisposable
{
    LeadsHost(TestDatabase database, InMemoryBusHost bus, NpgsqlDataSource dataSource)
    {
        Database = database;
        Bus = bus;
        DataSource = dataSource;
    }

    public TestDatabase Database { get; }

    public InMemoryBusHost Bus { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<LeadsHost> Start(string purpose, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var database = await TestDatabase.Create(purpose);
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(dataSource)
            .AddScoped<LeadEditor>()
            .AddScoped<LeadEventWriter>()
            .AddDbContext<LeadsDbContext>(o => o.UseNpgsql(dataSource).UseSnakeCaseNamingConvention());
        var bus = await InMemoryBusHost.Start(services, x => consumers?.Invoke(x));
        await using (var scope = bus.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LeadsDbContext>().Database.MigrateAsync();
        }

        // The migration created the pg_trgm extension; pooled connections must see its types.
        await dataSource.ReloadTypesAsync();
        return new LeadsHost(database, bus, dataSource);
    }

    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Bus.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> Db<T>(Func<LeadsDbContext, Task<T>> query) => With(sp => query(sp.GetRequiredService<LeadsDbContext>()));

    public Task<List<string>> OutboxTypes() =>
        Db(db => db.Database.SqlQuery<string>($"SELECT message_type AS \"Value\" FROM outbox_messages ORDER BY created_at, id").ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
    }
}
