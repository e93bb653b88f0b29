using System.Diagnostics;
using System.Text.Json;
using LeadDialer.Messaging;
using Microsoft.EntityFrameworkCore;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Messaging.Outbox;

/// <summary>
/// An event or command written in the same transaction as the state it describes, published by
/// <see cref="OutboxRelay"/> once that transaction has committed (at least once; consumers are idempotent).
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>The message's CLR type name in LeadDialer.Contracts.</summary>
    public required string MessageType { get; init; }

    public required string Body { get; init; }

    /// <summary>W3C traceparent of the activity that wrote the message, so the trace goes on across the relay.</summary>
    public string? TraceParent { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    internal static JsonSerializerOptions JsonOptions => LeadDialerJson.Options;

    public static OutboxMessage Create<T>(T message, DateTimeOffset now) where T : class => new()
    {
        // Time-ordered ids keep the relay's ORDER BY cheap and publication close to write order.
        Id = Guid.CreateVersion7(now),
        MessageType = typeof(T).FullName!,
        Body = JsonSerializer.Serialize(message, JsonOptions),
        TraceParent = Activity.Current?.Id,
        CreatedAt = now,
    };
}

public static class OutboxModelBuilderExtensions
{
    public const string TableName = "outbox_messages";

    /// <summary>Adds the outbox table to a service's model (and so to its migrations).</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable(TableName);
            e.HasKey(m => m.Id);
            e.Property(m => m.MessageType).IsRequired();
            e.Property(m => m.Body).HasColumnType("jsonb").IsRequired();
        });
        return modelBuilder;
    }
}
