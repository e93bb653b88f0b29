using System.Net.Sockets;
using MassTransit;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace LeadDialer.Messaging;

/// <summary>
/// How long a consumer keeps retrying a message that failed for a transient reason (database or
/// broker unreachable) before it is dead-lettered (ADR 0008). Bound from <c>Messaging:Redelivery</c>.
/// </summary>
public sealed class RedeliveryOptions
{
    public const string SectionName = "Messaging:Redelivery";

    /// <summary>The wait before the first retry; each next wait doubles, up to <see cref="MaxInterval"/>.</summary>
    public TimeSpan FirstInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two tries: also how long after an outage ends a held message may still wait.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The waits add up to at least this. Above a 10-minute outage with room to spare, and well under
    /// RabbitMQ's 30-minute <c>consumer_timeout</c> for an unacknowledged message.
    /// </summary>
    public TimeSpan Total { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The waits: doubling from <see cref="FirstInterval"/>, capped at <see cref="MaxInterval"/>, until they add up to <see cref="Total"/>.</summary>
    public TimeSpan[] Intervals()
    {
        if (FirstInterval <= TimeSpan.Zero || MaxInterval < FirstInterval || Total < FirstInterval)
        {
            throw new InvalidOperationException(
                $"{SectionName}: FirstInterval ({FirstInterval}) must be positive and at most MaxInterval ({MaxInterval}) and Total ({Total}).");
        }

        var intervals = new List<TimeSpan>();
        var next = FirstInterval;
        for (var sum = TimeSpan.Zero; sum < Total; sum += intervals[^1])
        {
            intervals.Add(next);
            next = next * 2 < MaxInterval ? next * 2 : MaxInterval;
        }

        return [.. intervals];
    }
}

/// <summary>
/// Which failures an outage causes: worth waiting minutes for, because the same message will succeed
/// once PostgreSQL or RabbitMQ is back. Everything else (a bad message, a broken rule) fails the same
/// way every time and is dead-lettered after the short retries.
/// </summary>
public static class TransientFailure
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(Is);
            }

            if (IsTransientItself(e))
            {
                return true;
            }
        }

        return false;
    }

    // EF Core's DbUpdateException and MassTransit's wrappers are found through the inner exceptions.
    static bool IsTransientItself(Exception e) => e switch
    {
        // Npgsql's own classifier: connection lost or refused, server starting up or shutting down,
        // too many connections, deadlock, serialization failure, lock not available.
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        SocketException => true,
        // The broker went away under a consumer that was publishing or sending.
        BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException => true,
        ConnectionException => true,
        _ => false,
    };
}
