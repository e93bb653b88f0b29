using LeadDialer.Dialer.Agents;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Dialer.Import;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Saga.Persistence;
using LeadDialer.Dialer.Settings;
using LeadDialer.Dialer.Throughput;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Messaging.Persistence;
using MassTransit;
using MassTransit.Configuration;

namespace LeadDialer.Dialer;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DialerOptions>()
            .BindConfiguration("Dialer")
            .Validate(o => o.TestingRetryDelay is null || builder.Environment.IsEnvironment("Testing"),
                "Dialer:TestingRetryDelay is set outside the Testing environment. It shortens the retry delay for tests only; remove it.")
            .Validate(o => o.MaxTemporaryErrorsInARow >= 1, "Dialer:MaxTemporaryErrorsInARow must be at least 1.")
            .Validate(o => o.TemporaryErrorFirstWait > TimeSpan.Zero, "Dialer:TemporaryErrorFirstWait must be positive.")
            .ValidateOnStart();

        // Order matters: migrations run before the outbox relay and the bus start.
        builder.AddPostgres<DialerDbContext>("dialer");
        builder.AddOutboxRelay();

        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddSingleton<DispatchLatency>();
        builder.Services.AddSingleton<CallingConfiguration>();
        builder.Services.AddHostedService<Dispatcher>();
        builder.Services.AddHostedService<RetrySweep>();
        builder.Services.AddHostedService<StaleCallCleanup>();

        builder.AddMessaging("dialer", bus =>
        {
            bus.AddSagaStateMachine<LeadStateMachine, LeadState>(typeof(LeadStateSagaDefinition))
                .Repository(r => r.RegisterSagaRepository<LeadState, LeadSagaSession, LeadSagaConsumeContextFactory, LeadSagaRepositoryContextFactory>());
            bus.AddConsumer<AgentEventsConsumer>();
            // Bulk imports hand leads over in batches (ADR 0003).
            bus.AddConsumer<LeadBatchReadyConsumer>();
            // Compliance: opt-outs heard in calls feed the do-not-call list (issue 9).
            bus.AddConsumer<OptOutConsumer>();
            // The throughput calculator's defaults: the last 7 days of ended calls (issue 16).
            bus.AddConsumer<CallFiguresConsumer>();
        });
        return builder;
    }
}
