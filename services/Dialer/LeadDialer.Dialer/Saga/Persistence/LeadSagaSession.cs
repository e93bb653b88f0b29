using LeadDialer.Messaging.Outbox;
using MassTransit;
using Npgsql;

namespace LeadDialer.Dialer.Saga.Persistence;

/// <summary>
/// One message's unit of work on the saga: a pooled connection and a READ COMMITTED transaction
/// that holds the lead's row lock, the saga's writes and its outbox rows until commit.
/// </summary>
public sealed class LeadSagaSession : ITransactionalOutbox, IAsyncDisposable
{
    readonly NpgsqlConnection _connection;
    readonly NpgsqlTransaction _transaction;
    readonly TimeProvider _clock;

    LeadSagaSession(NpgsqlConnection connection, NpgsqlTransaction transaction, TimeProvider clock)
    {
        _connection = connection;
        _transaction = transaction;
        _clock = clock;
    }

    public bool WroteOutbox { get; private set; }

    /// <summary>The state the saga was loaded in (null: new), to tell whether the message changed it.</summary>
    public string? LoadedState { get; private set; }

    public string? SavedState { get; private set; }

    public static async Task<LeadSagaSession> Begin(NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new LeadSagaSession(connection, transaction, clock);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<LeadState?> Load(Guid correlationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LeadSagaQueries.SelectForUpdate, _connection, _transaction);
        command.Parameters.AddWithValue("correlation_id", correlationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var saga = LeadSagaQueries.ReadTracked(reader);
        LoadedState = saga.CurrentState;
        return saga;
    }

    public async Task Insert(LeadState saga, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LeadSagaQueries.Insert, _connection, _transaction);
        LeadSagaQueries.Bind(command, saga);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            // Retried by the endpoint's retry policy; the retry loads the winner's row.
            throw new ConcurrencyException($"Lead {saga.CorrelationId} was created concurrently.", typeof(LeadState), saga.CorrelationId);
        }

        SavedState = saga.CurrentState;
        await AuditStatusChange(saga, cancellationToken);
    }

    public async Task Update(LeadState saga, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LeadSagaQueries.Update, _connection, _transaction);
        LeadSagaQueries.Bind(command, saga);
        await command.ExecuteNonQueryAsync(cancellationToken);
        SavedState = saga.CurrentState;
        if (saga.CurrentState != LoadedState)
        {
            await AuditStatusChange(saga, cancellationToken);
        }
    }

    /// <summary>The lead's status change, in the dispatch audit, committed with the change itself.</summary>
    async Task AuditStatusChange(LeadState saga, CancellationToken cancellationToken)
    {
        var (status, detail) = LeadStateMachine.AuditOf(LoadedState, saga);
        await using var command = new NpgsqlCommand(LeadSagaQueries.AuditStatusChange, _connection, _transaction);
        LeadSagaQueries.BindAudit(command, saga, _clock.GetUtcNow(), status, detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task Add<T>(T message, CancellationToken cancellationToken) where T : class
    {
        await OutboxWriter.AddAsync(_connection, _transaction, message, _clock.GetUtcNow(), cancellationToken);
        WroteOutbox = true;
    }

    public Task Commit(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back: the message is retried with nothing half-written.
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
