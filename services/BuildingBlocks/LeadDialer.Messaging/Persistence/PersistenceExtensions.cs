using LeadDialer.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Trace;

namespace LeadDialer.Messaging.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers the service's PostgreSQL data source and DbContext (snake_case names), applies
    /// the DbContext's migrations at start-up, and checks the database in <c>/health/ready</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPostgres<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.RequiredConnectionString(connectionName,
            $"Set it to a PostgreSQL connection string such as Host=127.0.0.1;Database=leaddialer_{connectionName};Username=leaddialer;Password=leaddialer.");

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        dataSourceBuilder.EnableDynamicJson();
        var dataSource = dataSourceBuilder.Build();
        builder.Services.AddSingleton(dataSource);

        // Options built once (singleton), not per scope: every consumed message opens a scope, and
        // rebuilding the options each time showed up in CPU profiles of the busiest services.
        builder.Services.AddDbContext<TContext>(
            (services, options) =>
            {
                options.UseNpgsql(dataSource).UseSnakeCaseNamingConvention();
                if (services.GetService<Outbox.OutboxNotifyInterceptor>() is { } notify)
                {
                    options.AddInterceptors(notify);
                }
            },
            contextLifetime: ServiceLifetime.Scoped,
            optionsLifetime: ServiceLifetime.Singleton);

        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddNpgsql());
        builder.Services.AddHostedService<MigrateDatabase<TContext>>();
        builder.Services.AddHealthChecks()
            .AddNpgSql(_ => dataSource, name: "postgres", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
