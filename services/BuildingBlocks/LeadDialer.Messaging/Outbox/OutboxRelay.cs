using System.Diagnostics;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.Messaging.Outbox;

public sealed class OutboxRelayOptions
{
    /// <summary>How often the relay looks for rows it was not told about (other instances, a crash).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Publishes committed outbox rows to the bus and deletes them. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several instances of a service can relay side by side; a
/// crash after publishing but before the delete publishes the row again, which is why every
/// consumer is idempotent (the row id is the message id).
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    static readonly System.Reflection.Assembly ContractsAssembly = typeof(LeadReady).Assembly;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayBatch(stoppingToken);
                if (published < options.Value.BatchSize)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox relay failed; retrying after {Interval}", options.Value.PollInterval);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    async Task<int> RelayBatch(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var rows = new List<(Guid Id, string Type, string Body, string? TraceParent)>();
        await using (var select = new NpgsqlCommand(
            $"SELECT id, message_type, body::text, trace_parent FROM {OutboxModelBuilderExtensions.TableName} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection,
            transaction))
        {
            select.Parameters.Add(new() { Value = options.Value.BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        // Bounded: a publish left waiting for a confirm that never comes would hold this loop, and
        // every row of the service, for ever. Timed out, the batch rolls back and is sent again.
        using (var publishing = MessagingExtensions.BoundedPublishing(cancellationToken))
        {
            foreach (var row in rows)
            {
                await Publish(row.Id, row.Type, row.Body, row.TraceParent, publishing.Token);
            }
        }

        await using (var delete = new NpgsqlCommand(
            $"DELETE FROM {OutboxModelBuilderExtensions.TableName} WHERE id = ANY($1)", connection, transaction))
        {
            delete.Parameters.Add(new() { Value = rows.Select(r => r.Id).ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    async Task Publish(Guid id, string typeName, string body, string? traceParent, CancellationToken cancellationToken)
    {
        var type = ContractsAssembly.GetType(typeName)
            ?? throw new InvalidOperationException($"Outbox row {id} names unknown message type {typeName}.");
        var message = JsonSerializer.Deserialize(body, type, OutboxMessage.JsonOptions)
            ?? throw new InvalidOperationException($"Outbox row {id} has an empty body.");

        // Continue the trace of the request or message that wrote the row.
        ActivityContext.TryParse(traceParent, null, out var parent);
        using var activity = Telemetry.ActivitySource.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);

        await bus.Publish(message, type, context => context.MessageId = id, cancellationToken);
    }
}
