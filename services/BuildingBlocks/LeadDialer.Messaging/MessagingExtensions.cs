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
        builder.AddBusWatchdog();
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(10);
            // An endpoint restarting after its connection dropped waits this long for the messages in
            // flight, then cancels them (they are redelivered): without it, it waits for a message in
            // its 15-minute transient retry (ADR 0008) or for a publish whose confirm never comes
            // (rabbitmq-dotnet-client #1930), and consumes nothing meanwhile.
            o.ConsumerStopTimeout = TimeSpan.FromSeconds(5);
        });
        return builder;
    }

    /// <summary>
    /// How long a publish from a background loop (outbox relay, retry sweep) may take, confirm
    /// included. RabbitMQ.Client 7 can leave a publish begun as the broker died waiting for a confirm
    /// for ever (rabbitmq-dotnet-client #1928/#1930); bounded, the loop gives up and sends it again.
    /// </summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A token for one round of publishes: <paramref name="stoppingToken"/>, or <see cref="PublishTimeout"/> passed.</summary>
    public static CancellationTokenSource BoundedPublishing(CancellationToken stoppingToken)
    {
        var publishing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        publishing.CancelAfter(PublishTimeout);
        return publishing;
    }
}
