using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LeadDialer.Messaging;

/// <summary>
/// MassTransit's <c>&lt;queue&gt;_error</c> queues over plain AMQP: counted with a passive declare and
/// emptied back into their queue, so neither needs the management API (the app user is no
/// administrator). Used by the dead-letter monitor and by <c>deploy/dev.sh replay-errors</c>.
/// </summary>
public static class DeadLetterQueues
{
    public const string ErrorSuffix = "_error";

    public static string ErrorQueueOf(string queue) => queue + ErrorSuffix;

    /// <summary>The queue whose dead letters <paramref name="errorQueue"/> holds.</summary>
    public static string QueueOf(string errorQueue) =>
        errorQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal)
            ? errorQueue[..^ErrorSuffix.Length]
            : throw new ArgumentException($"'{errorQueue}' is not an {ErrorSuffix} queue.", nameof(errorQueue));

    public static ConnectionFactory ConnectionFactory(string amqpUri, string clientName) =>
        new() { Uri = new Uri(amqpUri), ClientProvidedName = clientName, AutomaticRecoveryEnabled = false };

    /// <summary>Messages in <paramref name="queue"/>; 0 if it does not exist (MassTransit declares an _error queue at its first fault).</summary>
    public static async Task<long> Count(IConnection connection, string queue, CancellationToken cancellationToken) =>
        (await Declared(connection, queue, cancellationToken))?.MessageCount ?? 0;

    /// <summary>How many consumers the broker has on <paramref name="queue"/> (of any instance); 0 if it does not exist.</summary>
    public static async Task<long> Consumers(IConnection connection, string queue, CancellationToken cancellationToken) =>
        (await Declared(connection, queue, cancellationToken))?.ConsumerCount ?? 0;

    /// <summary>
    /// Moves the messages <paramref name="errorQueue"/> holds now back to their queue, without
    /// MassTransit's fault headers, and returns how many. Each is acknowledged only after the broker
    /// confirmed its copy, so a crash in between leaves a duplicate, never a loss (consumers are
    /// idempotent). Messages that fail again while this runs are not picked up a second time.
    /// </summary>
    public static async Task<long> Replay(IConnection connection, string errorQueue, CancellationToken cancellationToken)
    {
        var queue = QueueOf(errorQueue);
        var waiting = await Count(connection, errorQueue, cancellationToken);
        if (waiting == 0)
        {
            return 0;
        }

        if (await Declared(connection, queue, cancellationToken) is null)
        {
            throw new InvalidOperationException($"Queue '{queue}' does not exist (is its service running?); nothing moved from '{errorQueue}'.");
        }

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        long moved = 0;
        for (; moved < waiting; moved++)
        {
            var message = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (message is null)
            {
                break;
            }

            var properties = new BasicProperties(message.BasicProperties);
            if (properties.Headers is { } headers)
            {
                foreach (var key in headers.Keys.Where(IsFaultHeader).ToList())
                {
                    headers.Remove(key);
                }
            }

            // The default exchange routes straight to the queue; mandatory: a vanished queue fails the publish.
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
        }

        return moved;
    }

    /// <summary>The queue's message and consumer counts, or null if there is no such queue.</summary>
    static async Task<QueueDeclareOk?> Declared(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel: one channel per question.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return null;
        }
    }

    // MassTransit's error transport adds MT-Fault-*, MT-Reason and MT-Host-* to what it dead-letters.
    static bool IsFaultHeader(string key) =>
        key.StartsWith("MT-Fault-", StringComparison.Ordinal)
        || key.StartsWith("MT-Host-", StringComparison.Ordinal)
        || key == "MT-Reason";
}
