using LeadDialer.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.IntegrationTests;

/// <summary>
/// MassTransit's real consume pipeline on its in-memory transport, with LeadDialer's JSON settings,
/// for specs whose subject is the database side (PostgreSQL is real; only the broker is not).
/// </summary>
sealed class InMemoryBusHost : IAsyncDisposable
{
    InMemoryBusHost(ServiceProvider services, IBusControl bus)
    {
        Services = services;
        Bus = bus;
        Bus.ConnectConsumeObserver(Consumed);
    }

    public ServiceProvider Services { get; }

    public IBusControl Bus { get; }

    public ConsumeCounter Consumed { get; } = new();

    public static async Task<InMemoryBusHost> Start(
        IServiceCollection services,
        Action<IBusRegistrationConfigurator> register,
        Action<IInMemoryBusFactoryConfigurator>? configure = null)
    {
        services.AddLogging();
        services.AddMassTransit(x =>
        {
            register(x);
            x.UsingInMemory((context, cfg) =>
            {
                cfg.ConfigureJsonSerializerOptions(LeadDialerJson.Configure);
                configure?.Invoke(cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        var provider = services.BuildServiceProvider(true);
        var host = new InMemoryBusHost(provider, provider.GetRequiredService<IBusControl>());
        await host.Bus.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.StopAsync();
        await Services.DisposeAsync();
    }
}
