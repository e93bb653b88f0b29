using LeadDialer.Dialer.Dispatch;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using MassTransit.Saga;
using Npgsql;

namespace LeadDialer.Dialer.Saga.Persistence;

/// <summary>
/// MassTransit saga repository for <see cref="LeadState"/> on PostgreSQL, written on MassTransit's
/// core interfaces (MassTransit.EntityFrameworkCore is not available here). Pessimistic: each
/// message locks its lead's row (<c>SELECT … FOR UPDATE</c>), so concurrent messages for one lead
/// are applied one after another and never lose an update.
/// </summary>
public sealed class LeadSagaRepositoryContextFactory(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    ISagaConsumeContextFactory<LeadSagaSession, LeadState> consumeContextFactory,
    OutboxSignal outboxSignal,
    DispatchSignal dispatchSignal,
    DispatchLatency dispatchLatency) : ISagaRepositoryContextFactory<LeadState>
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<LeadState, T>> next)
        where T : class
    {
        await using var session = await LeadSagaSession.Begin(dataSource, clock, context.CancellationToken);
        var repositoryContext = new LeadSagaRepositoryContext<T>(session, context, consumeContextFactory);

        await next.Send(repositoryContext);
        await session.Commit(context.CancellationToken);

        if (session.WroteOutbox)
        {
            outboxSignal.Notify();
        }

        // A call slot may have freed up, or a lead become ready: let the dispatcher look now.
        if (session.SavedState is not null && session.SavedState != session.LoadedState)
        {
            if (session.LoadedState == LeadStates.InProgress)
            {
                dispatchLatency.SlotFreed();
            }

            dispatchSignal.Notify();
        }
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<LeadState> query, IPipe<SagaRepositoryQueryContext<LeadState, T>> next)
        where T : class =>
        throw new NotSupportedException("LeadStateMachine correlates every event by lead id; query correlation is not supported.");

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");
}

/// <summary>The saga repository's view of one message: loads, inserts and updates through the session.</summary>
sealed class LeadSagaRepositoryContext<TMessage> : MassTransit.Context.ConsumeContextScope<TMessage>, SagaRepositoryContext<LeadState, TMessage>
    where TMessage : class
{
    readonly LeadSagaSession session;
    readonly ConsumeContext<TMessage> consumeContext;
    readonly ISagaConsumeContextFactory<LeadSagaSession, LeadState> factory;

    public LeadSagaRepositoryContext(
        LeadSagaSession session, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<LeadSagaSession, LeadState> factory)
        : base(consumeContext, session)
    {
        this.session = session;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    public Task<SagaConsumeContext<LeadState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, LeadState instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(session, context, instance, mode);

    public Task<SagaConsumeContext<LeadState, TMessage>> Add(LeadState instance) =>
        factory.CreateSagaConsumeContext(session, consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<LeadState, TMessage>> Insert(LeadState instance)
    {
        await session.Insert(instance, CancellationToken);
        return await factory.CreateSagaConsumeContext(session, consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<LeadState, TMessage>> Load(Guid correlationId)
    {
        var instance = await session.Load(correlationId, CancellationToken);
        return instance is null
            ? null!
            : await factory.CreateSagaConsumeContext(session, consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<LeadState> context) => session.Insert(context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<LeadState> context) => session.Update(context.Saga, CancellationToken);

    public Task Delete(SagaConsumeContext<LeadState> context) =>
        throw new NotSupportedException("Lead sagas are never finalized: a failed lead can be fixed and reactivated.");

    public Task Discard(SagaConsumeContext<LeadState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<LeadState> context) => Task.CompletedTask;
}

/// <summary>
/// Builds the saga's consume context over a scope that carries the session, so the state
/// machine's activities reach the transaction's outbox (<see cref="ITransactionalOutbox"/>).
/// </summary>
public sealed class LeadSagaConsumeContextFactory : ISagaConsumeContextFactory<LeadSagaSession, LeadState>
{
    public Task<SagaConsumeContext<LeadState, T>> CreateSagaConsumeContext<T>(
        LeadSagaSession session, ConsumeContext<T> consumeContext, LeadState instance, SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<LeadState, T>>(
            new MassTransit.Context.DefaultSagaConsumeContext<LeadState, T>(new MassTransit.Context.ConsumeContextScope<T>(consumeContext, session), instance));
}
