using System.Threading.Channels;
using LeadDialer.Import.Data;
using LeadDialer.Import.Files;
using LeadDialer.Import.Leads;
using LeadDialer.Import.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadDialer.Import.Running;

/// <summary>
/// Runs confirmed imports in the background, batch by batch. A batch is a fixed range of rows;
/// its leads and hand-over messages commit in one Leads transaction, then the checkpoint
/// (<see cref="ImportJob.NextBatch"/>, counts, rejected rows) commits in the import database. After
/// a restart an import still <c>running</c> goes on after its last checkpoint; a batch that
/// committed in Leads but not its checkpoint is recognised by its derived lead ids and not
/// written again. Reading and writing overlap: the next batch is parsed while the last is copied.
/// </summary>
public sealed class ImportRunner(
    IServiceScopeFactory scopes,
    NpgsqlDataSource importDatabase,
    LeadsDatabase leadsDatabase,
    LeadsBulkWriter writer,
    ImportSignal signal,
    TimeProvider clock,
    IOptions<ImportOptions> options,
    ILogger<ImportRunner> logger) : BackgroundService
{
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    sealed record Batch(int Index, long FirstRow, long LastRow, List<LeadRow> Rows, List<(LeadRow Row, DuplicateKind Kind, long FirstRow)> Classified);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in await RunningImports(stoppingToken))
                {
                    await RunExclusively(id, stoppingToken);
                }

                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Import run failed; it resumes from its last checkpoint in {Interval}", PollInterval);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    async Task<List<Guid>> RunningImports(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ImportDbContext>();
        return await db.Imports.Where(i => i.Status == ImportStatus.Running).OrderBy(i => i.StartedAt).Select(i => i.Id).ToListAsync(cancellationToken);
    }

    // One runner per import across instances: a session advisory lock held for the whole run.
    async Task RunExclusively(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await importDatabase.OpenConnectionAsync(cancellationToken);
        var key = BitConverter.ToInt64(id.ToByteArray(), 8);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
        {
            tryLock.Parameters.Add(new() { Value = key });
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
        }

        try
        {
            await Run(id, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            // Data the database refuses will be refused again: stop, keep what committed, say why.
            logger.LogError(ex, "Import {ImportId} failed", id);
            await Fail(id, $"The database refused a batch: {ex.MessageText}", cancellationToken);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.Add(new() { Value = key });
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    /// <summary>Tests only: called before a batch is written ("write") and before its checkpoint ("checkpoint"), to simulate a crash there.</summary>
    internal Func<int, string, Task>? CrashPoint { get; set; }

    internal async Task Run(Guid id, CancellationToken cancellationToken)
    {
        ImportJob job;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ImportDbContext>();
            job = await db.Imports.AsNoTracking().SingleAsync(i => i.Id == id, cancellationToken);
        }

        if (job.Status != ImportStatus.Running)
        {
            return;
        }

        if (!File.Exists(job.StoredPath))
        {
            await Fail(job.Id, "The uploaded file is no longer stored; upload it again.", cancellationToken);
            return;
        }

        var startedAt = job.StartedAt!.Value;
        logger.LogInformation("Import {ImportId}: {Rows} rows, resuming at batch {Batch}", job.Id, job.TotalRows, job.NextBatch);

        // This import's own leads (from before a restart) are not "existing leads".
        var existing = await ExistingPhones.Load(leadsDatabase, ImportIds.Range(job.Id, startedAt), cancellationToken);
        // One batch waiting while one is written: enough to keep both cores busy, little to hold in memory.
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => Read(job, existing, batches.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                await Write(job, startedAt, batch, cancellationToken);
            }

            await reading;
        }
        catch
        {
            await stop.CancelAsync();
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await Complete(job, cancellationToken);
    }

    // Parses and classifies the file batch by batch. Batches before the checkpoint are read only
    // to rebuild the set of phones seen in the file, so duplicates are judged as on the first run.
    void Read(ImportJob job, HashSet<ulong> existing, ChannelWriter<Batch> output, CancellationToken cancellationToken)
    {
        try
        {
            var rows = new RowReader(job.Mapping!, job.DefaultRegion, job.Headers.Length);
            var dedupe = new Dedupe(existing, job.TotalRows);
            using var reader = CsvFiles.Open(job.StoredPath, SniffResult.FromName(job.Encoding), job.Separator[0], options.Value.MaxRecordBytes);
            var size = job.BatchSize;
            var index = 0;
            var current = NewBatch(0, size);
            while (reader.Read())
            {
                var row = rows.Read(reader);
                var kind = dedupe.Check(row, out var firstRow);
                if (index >= job.NextBatch)
                {
                    current.Rows.Add(row);
                    current.Classified.Add((row, kind, firstRow));
                }

                if (reader.RowNumber % size == 0)
                {
                    if (index >= job.NextBatch)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        WriteBlocking(output, current, cancellationToken);
                    }

                    current = NewBatch(++index, size);
                }
            }

            if (current.Rows.Count > 0)
            {
                WriteBlocking(output, current, cancellationToken);
            }

            output.Complete();
        }
        catch (Exception ex)
        {
            output.Complete(ex);
        }
    }

    static Batch NewBatch(int index, int size) =>
        new(index, ((long)index * size) + 2, ((long)(index + 1) * size) + 1, new List<LeadRow>(size), new(size));

    static void WriteBlocking(ChannelWriter<Batch> output, Batch batch, CancellationToken cancellationToken)
    {
        while (!output.TryWrite(batch))
        {
            output.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

    async Task Write(ImportJob job, DateTimeOffset startedAt, Batch batch, CancellationToken cancellationToken)
    {
        var newLeads = new List<NewLead>(batch.Rows.Count);
        var updates = new List<LeadRow>();
        var rejected = new List<RejectedRow>();
        long created = 0, failed = 0, rejectedCount = 0, inFile = 0, duplicates = 0;
        var update = job.DuplicatePolicy == "update";
        foreach (var (row, kind, firstRow) in batch.Classified)
        {
            switch (row.Kind)
            {
                case RowKind.Rejected:
                    rejectedCount++;
                    rejected.Add(Rejected(job.Id, row, row.Reason!));
                    continue;
                case RowKind.InvalidPhone:
                    failed++;
                    newLeads.Add(new NewLead(ImportIds.Lead(job.Id, startedAt, row.Row), row));
                    continue;
            }

            switch (kind)
            {
                case DuplicateKind.InFile:
                    inFile++;
                    rejected.Add(Rejected(job.Id, row, $"Duplicate: phone {row.Phone} is already on row {firstRow} of this file"));
                    break;
                case DuplicateKind.Existing:
                    duplicates++;
                    if (update)
                    {
                        updates.Add(row);
                    }
                    else
                    {
                        rejected.Add(Rejected(job.Id, row, $"Duplicate: a lead with phone {row.Phone} already exists (policy: skip)"));
                    }

                    break;
                default:
                    created++;
                    newLeads.Add(new NewLead(ImportIds.Lead(job.Id, startedAt, row.Row), row));
                    break;
            }
        }

        if (CrashPoint is { } crashBeforeWrite)
        {
            await crashBeforeWrite(batch.Index, "write");
        }

        var now = clock.GetUtcNow();
        long updated;
        var (from, to) = (ImportIds.Lead(job.Id, startedAt, batch.FirstRow), ImportIds.Lead(job.Id, startedAt, batch.LastRow));
        if (newLeads.Count > 0 && await writer.AnyStored(from, to, cancellationToken))
        {
            // Committed before a restart, checkpoint lost: count it, do not write it again.
            logger.LogInformation("Import {ImportId}: batch {Batch} was already stored", job.Id, batch.Index);
            updated = updates.Count;
        }
        else
        {
            updated = await writer.Write(job.Id, batch.Index, newLeads, updates, options.Value.HandOverSize, now, cancellationToken);
        }

        if (CrashPoint is { } crashBeforeCheckpoint)
        {
            await crashBeforeCheckpoint(batch.Index, "checkpoint");
        }

        await Checkpoint(job.Id, batch, rejected, new Counts(batch.Rows.Count, created, failed, rejectedCount, inFile, duplicates, updated), now, cancellationToken);
    }

    static RejectedRow Rejected(Guid importId, LeadRow row, string reason) =>
        new() { ImportId = importId, RowNumber = row.Row, Reason = reason, Fields = row.Fields };

    readonly record struct Counts(long Rows, long Created, long Failed, long Rejected, long InFile, long Existing, long Updated);

    async Task Checkpoint(Guid id, Batch batch, List<RejectedRow> rejected, Counts c, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await importDatabase.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM rejected_rows WHERE import_id = $1 AND row_number BETWEEN $2 AND $3", connection, transaction))
        {
            delete.Parameters.Add(new() { Value = id });
            delete.Parameters.Add(new() { Value = batch.FirstRow });
            delete.Parameters.Add(new() { Value = batch.LastRow });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (rejected.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync("COPY rejected_rows (import_id, row_number, reason, fields) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var r in rejected)
            {
                copy.StartRow();
                copy.Write(r.ImportId, NpgsqlDbType.Uuid);
                copy.Write(r.RowNumber, NpgsqlDbType.Bigint);
                copy.Write(r.Reason, NpgsqlDbType.Text);
                copy.Write(System.Text.Json.JsonSerializer.Serialize(r.Fields), NpgsqlDbType.Jsonb);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var update = new NpgsqlCommand(
            """
            UPDATE imports SET rows_done = rows_done + $3, created = created + $4, failed = failed + $5, rejected = rejected + $6,
                duplicates_in_file = duplicates_in_file + $7, duplicates_existing = duplicates_existing + $8, updated = updated + $9,
                next_batch = $2 + 1, updated_at = $10
            WHERE id = $1 AND next_batch = $2
            """,
            connection,
            transaction))
        {
            update.Parameters.Add(new() { Value = id });
            update.Parameters.Add(new() { Value = batch.Index });
            foreach (var value in new[] { c.Rows, c.Created, c.Failed, c.Rejected, c.InFile, c.Existing, c.Updated })
            {
                update.Parameters.Add(new() { Value = value });
            }

            update.Parameters.Add(new() { Value = now });
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Import {id}: the checkpoint is not at batch {batch.Index}; another runner moved it.");
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    async Task Complete(ImportJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ImportDbContext>();
        var now = clock.GetUtcNow();
        await db.Imports.Where(i => i.Id == job.Id && i.Status == ImportStatus.Running).ExecuteUpdateAsync(
            set => set.SetProperty(i => i.Status, ImportStatus.Completed).SetProperty(i => i.CompletedAt, now).SetProperty(i => i.UpdatedAt, now),
            cancellationToken);
        File.Delete(job.StoredPath);
        logger.LogInformation("Import {ImportId} completed", job.Id);
    }

    async Task Fail(Guid id, string error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ImportDbContext>();
        var now = clock.GetUtcNow();
        await db.Imports.Where(i => i.Id == id).ExecuteUpdateAsync(
            set => set.SetProperty(i => i.Status, ImportStatus.Failed).SetProperty(i => i.Error, error).SetProperty(i => i.UpdatedAt, now),
            cancellationToken);
    }
}
