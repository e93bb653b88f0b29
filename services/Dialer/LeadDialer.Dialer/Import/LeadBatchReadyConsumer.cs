using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Dialer.Dispatch;
using LeadDialer.Messaging;
using MassTransit;
using Npgsql;
using NpgsqlTypes;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Dialer.Import;

/// <summary>
/// Creates a <c>pending</c> lead saga for every lead of an imported batch in one statement, then
/// wakes the dispatcher. The rows are those <c>Initially(LeadReady)</c> of
/// <see cref="Saga.LeadStateMachine"/> creates (state Pending, version 1, the lead's details,
/// ready now); leads the Dialer already knows are left as they are, so a redelivered batch
/// changes nothing.
/// </summary>
public sealed class LeadBatchReadyConsumer(
    NpgsqlDataSource dataSource,
    DispatchSignal dispatch,
    TimeProvider clock,
    ILogger<LeadBatchReadyConsumer> logger) : IConsumer<LeadBatchReady>
{
    // Unlike a single LeadReady, no LeadStatusChanged(pending, v1) is announced per lead: the
    // importer stored every lead as pending already, and a million status events would only
    // repeat that. The next change (v2) is announced as usual.
    internal const string InsertPending =
        """
        WITH created AS (
            INSERT INTO lead_sagas (correlation_id, current_state, version, lead, attempts, max_attempts, retry_delay, ready_at, temporary_failures, updated_at)
            SELECT t.id, 'Pending', 1, t.lead, 0, 0, interval '0', t.ready_at, 0, $4
            FROM unnest($1::uuid[], $2::jsonb[], $3::timestamptz[]) AS t(id, lead, ready_at)
            ON CONFLICT (correlation_id) DO NOTHING
            RETURNING correlation_id)
        -- The start of each lead's dispatch audit (the zone is resolved later by the dispatcher).
        INSERT INTO dispatch_audit (lead_id, at, decision, detail)
        SELECT correlation_id, $4, 'pending', 'Lead ready to call (imported)' FROM created
        """;

    public async Task Consume(ConsumeContext<LeadBatchReady> context)
    {
        var leads = context.Message.Leads;
        if (leads.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var ids = new Guid[leads.Count];
        var details = new string[leads.Count];
        var readyAt = new DateTimeOffset[leads.Count];
        for (var i = 0; i < leads.Count; i++)
        {
            ids[i] = leads[i].LeadId;
            details[i] = JsonSerializer.Serialize(leads[i].Lead, LeadDialerJson.Options);
            // One microsecond apart, all in the past: the dispatcher calls the batch in file order.
            readyAt[i] = now.AddTicks((i - leads.Count) * 10L);
        }

        await using var command = dataSource.CreateCommand(InsertPending);
        command.Parameters.Add(new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = details, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = readyAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = now });
        var created = await command.ExecuteNonQueryAsync(context.CancellationToken);

        logger.LogInformation("Batch {BatchId}: {Created} of {Count} lead(s) now pending", context.Message.BatchId, created, leads.Count);
        if (created > 0)
        {
            dispatch.Notify();
        }
    }
}
