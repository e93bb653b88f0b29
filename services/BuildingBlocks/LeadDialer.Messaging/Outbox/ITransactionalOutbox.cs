using MassTransit;

namespace LeadDialer.Messaging.Outbox;

/// <summary>
/// The outbox of the transaction a message is being consumed in. A saga repository that owns a
/// database transaction puts one on the consume context as a payload.
/// </summary>
public interface ITransactionalOutbox
{
    Task Add<T>(T message, CancellationToken cancellationToken) where T : class;
}

public static class TransactionalOutboxExtensions
{
    /// <summary>
    /// Writes the message to the consume context's transactional outbox, so it is published only
    /// if (and after) the consumer's transaction commits. Where no outbox is present (MassTransit's
    /// in-memory test harness) the message is published directly.
    /// </summary>
    public static Task PublishThroughOutbox<T>(this ConsumeContext context, T message)
        where T : class =>
        context.TryGetPayload<ITransactionalOutbox>(out var outbox)
            ? outbox.Add(message, context.CancellationToken)
            : context.Publish(message, context.CancellationToken);
}
