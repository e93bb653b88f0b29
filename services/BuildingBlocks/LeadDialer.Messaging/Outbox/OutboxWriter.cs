using Npgsql;

namespace LeadDialer.Messaging.Outbox;

/// <summary>Writes outbox rows through a connection and transaction the caller already holds (no EF).</summary>
public static class OutboxWriter
{
    public static async Task AddAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T message, DateTimeOffset now, CancellationToken cancellationToken)
        where T : class
    {
        var row = OutboxMessage.Create(message, now);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {OutboxModelBuilderExtensions.TableName} (id, message_type, body, trace_parent, created_at) VALUES ($1, $2, $3::jsonb, $4, $5)",
            connection,
            transaction);
        command.Parameters.Add(new() { Value = row.Id });
        command.Parameters.Add(new() { Value = row.MessageType });
        command.Parameters.Add(new() { Value = row.Body });
        command.Parameters.Add(new() { Value = (object?)row.TraceParent ?? DBNull.Value });
        command.Parameters.Add(new() { Value = row.CreatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
