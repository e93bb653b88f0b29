using System.Text.Json;
using LeadDialer.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadDialer.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with LeadDialer's conventions: queues named
    /// <c>{service}-{consumer}</c> in kebab case, retries that outlast an outage (ADR 0008), the
    /// dead-letter monitor (metric and readiness), and the broker taken from
    /// <c>ConnectionStrings:rabbitmq</c> (an <c>amqp://user:pass@host:port/vhost</c> URI).
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var connectionString = builder.Configuration.RequiredConnectionString("rabbitmq",
            "Set it to an AMQP URI such as amqp://guest:guest@127.0.0.1:5672/leaddialer.");

        // On a RabbitMQ cluster (deploy/k8s), queues are replicated quorum queues. A queue keeps the
        // type it was declared with, so switch on a fresh virtual host.
        var quorumQueues = builder.Configuration.GetValue<bool>("Messaging:QuorumQueues");
        var redelivery = builder.Configuration.GetSection(RedeliveryOptions.SectionName).Get<RedeliveryOptions>() ?? new RedeliveryOptions();
        var transientIntervals = redelivery.Intervals();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            if (quorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            configure?.Invoke(bus);

            bus.UsingRabbitMq((context, cfg) =>
            {
                // Named for the service, so the broker's connection list says whose connection is whose.
                cfg.Host(new Uri(connectionString), h => h.ConnectionName(serviceName));
                cfg.ConfigureJsonSerializerOptions(options => LeadDialerJson.Configure(options));
                // An outage (PostgreSQL or RabbitMQ unreachable, a deadlock) is waited out for
                // minutes in place; any other failure gets a few quick tries, then the _error queue.
                cfg.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(TransientFailure.Is);
                    r.Intervals(transientIntervals);
                });
                cfg.UseMessageRetry(r =>
                {
                    r.Ignore<Exception>(TransientFailure.Is);
                    r.Exponential(8, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(40));
                });
                cfg.UseConsumeFilter(typeof(LeadScopeFilter<>), context);
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });

        // After the bus: hosted services start in order, so its endpoints are known at the first count.
        builder.AddDeadLetterMonitor(connectionString);
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }
}
