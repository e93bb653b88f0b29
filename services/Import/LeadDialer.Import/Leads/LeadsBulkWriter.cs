using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Import.Data;
using LeadDialer.Import.Rows;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
using Npgsql;
using NpgsqlTypes;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Import.Leads;

/// <summary>A row on its way into <c>leads</c>, with the id the import derived for it.</summary>
public readonly record struct NewLead(Guid Id, LeadRow Row);

/// <summary>
/// Writes one batch into the Leads database in one transaction (ADR 0003): the new leads by
/// binary COPY with today's columns, updates of existing leads (policy "update"), and the
/// hand-over to the Dialer as <see cref="LeadBatchReady"/> messages in the Leads outbox, which
/// the Leads service's relay publishes.
/// </summary>
public sealed class LeadsBulkWriter(LeadsDatabase leads)
{
    const string CopyLeads =
        "COPY leads (id, name, phone, phone_warning, email, company, timezone, custom_fields, status, attempts, status_version, last_error, created_at, updated_at) FROM STDIN (FORMAT BINARY)";

    /// <summary>Whether a lead with an id in the range is stored: the batch it belongs to committed before.</summary>
    public async Task<bool> AnyStored(Guid from, Guid to, CancellationToken cancellationToken)
    {
        await using var command = leads.DataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM leads WHERE id BETWEEN $1 AND $2)");
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <returns>How many existing leads were updated.</returns>
    public async Task<int> Write(
        Guid importId, int batch, IReadOnlyList<NewLead> newLeads, IReadOnlyList<LeadRow> updates, int handOverSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await leads.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (newLeads.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(CopyLeads, cancellationToken);
            foreach (var (id, row) in newLeads)
            {
                var failed = row.Kind == RowKind.InvalidPhone;
                copy.StartRow();
                copy.Write(id, NpgsqlDbType.Uuid);
                copy.Write(row.Name, NpgsqlDbType.Varchar);
                copy.Write(row.Phone, NpgsqlDbType.Varchar);
                WriteNullable(copy, row.PhoneWarning);
                copy.Write(row.Email, NpgsqlDbType.Varchar);
                WriteNullable(copy, row.Company);
                WriteNullable(copy, row.Timezone);
                copy.Write(CustomFieldsJson(row), NpgsqlDbType.Jsonb);
                copy.Write(failed ? LeadStatus.Failed : LeadStatus.Pending, NpgsqlDbType.Varchar);
                copy.Write(0, NpgsqlDbType.Integer);
                copy.Write(0, NpgsqlDbType.Integer);
                if (failed)
                {
                    copy.Write(LeadErrors.InvalidPhoneJson, NpgsqlDbType.Jsonb);
                }
                else
                {
                    copy.WriteNull();
                }

                copy.Write(now, NpgsqlDbType.TimestampTz);
                copy.Write(now, NpgsqlDbType.TimestampTz);
            }

            // Without Complete the COPY is rolled back, silently.
            await copy.CompleteAsync(cancellationToken);
        }

        var updated = updates.Count > 0 ? await Update(connection, transaction, updates, now, cancellationToken) : [];

        var handOver = newLeads.Where(l => l.Row.Kind == RowKind.Lead).Select(l => new LeadReady(l.Id, Details(l.Row))).ToList();
        for (var part = 0; part * handOverSize < handOver.Count; part++)
        {
            var chunk = handOver.GetRange(part * handOverSize, Math.Min(handOverSize, handOver.Count - (part * handOverSize)));
            await OutboxWriter.AddAsync(connection, transaction, new LeadBatchReady(Running.ImportIds.HandOver(importId, batch, part), chunk), now, cancellationToken);
        }

        // Updated leads that are still waiting to be called get their new details to the Dialer.
        foreach (var lead in updated)
        {
            await OutboxWriter.AddAsync(connection, transaction, lead, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return updated.Count + updated.Skipped;
    }

    sealed class UpdatedLeads : List<LeadReady>
    {
        public int Skipped { get; set; }
    }

    static async Task<UpdatedLeads> Update(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LeadRow> updates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE import_updates (phone text, name text, email text, company text, timezone text, custom_fields jsonb) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY import_updates FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in updates)
            {
                copy.StartRow();
                copy.Write(row.Phone, NpgsqlDbType.Text);
                copy.Write(row.Name, NpgsqlDbType.Text);
                copy.Write(row.Email, NpgsqlDbType.Text);
                WriteNullable(copy, row.Company);
                WriteNullable(copy, row.Timezone);
                copy.Write(CustomFieldsJson(row), NpgsqlDbType.Jsonb);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        var result = new UpdatedLeads();
        await using var update = new NpgsqlCommand(
            """
            UPDATE leads l SET name = u.name, email = u.email, company = COALESCE(u.company, l.company), timezone = COALESCE(u.timezone, l.timezone),
                custom_fields = l.custom_fields || u.custom_fields, updated_at = $1
            FROM import_updates u WHERE l.phone = u.phone
            RETURNING l.id, l.name, l.phone, l.email, l.company, l.timezone, l.custom_fields::text, l.status
            """,
            connection,
            transaction);
        update.Parameters.Add(new() { Value = now });
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetString(7) != LeadStatus.Pending)
            {
                result.Skipped++;
                continue;
            }

            var custom = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6), LeadDialerJson.Options) ?? [];
            result.Add(new LeadReady(reader.GetGuid(0), new LeadDetails(
                reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), custom)));
        }

        return result;
    }

    static LeadDetails Details(LeadRow row) => new(row.Name, row.Phone, row.Email, row.Company, row.Timezone, row.CustomFields);

    static string CustomFieldsJson(LeadRow row) =>
        row.CustomFields.Count == 0 ? "{}" : JsonSerializer.Serialize(row.CustomFields, LeadDialerJson.Options);

    // Synchronous writes: they fill Npgsql's buffer and only block when it flushes, which is far
    // cheaper than an await per column for a million rows.
    static void WriteNullable(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Varchar);
        }
    }
}
