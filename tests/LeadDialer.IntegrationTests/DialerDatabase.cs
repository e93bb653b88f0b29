using LeadDialer.Contracts;
using LeadDialer.Dialer.Data;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Saga.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>A migrated Dialer database with helpers to put sagas in a given state.</summary>
public static class DialerDatabase
{
    public static async Task<TestDatabase> Create(string purpose)
    {
        var database = await TestDatabase.Create(purpose);
        await using var db = Context(database.ConnectionString);
        await db.Database.MigrateAsync();
        // The dispatch specs are about the calling schedule; ComplianceDispatchSpecs turns the hard
        // 08:00–21:00 limit back on where it is the subject.
        await database.Scalar<int>("WITH u AS (UPDATE compliance_settings SET hard_hours_override = true RETURNING 1) SELECT count(*)::int FROM u");
        return database;
    }

    public static DialerDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<DialerDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);

    public static async Task<Guid> InsertSaga(this TestDatabase database, string state, DateTimeOffset readyAt, string? timezone = null, string phone = "+12125550100", DateTimeOffset? consentCapturedAt = null)
    {
        var saga = new LeadState
        {
            CorrelationId = Guid.CreateVersion7(),
            CurrentState = state,
            Version = 1,
            Lead = new LeadDetails("Test Lead", phone, "lead@example.com", null, timezone, new Dictionary<string, string>(), ConsentCapturedAt: consentCapturedAt),
            MaxAttempts = 3,
            RetryDelay = TimeSpan.FromHours(2),
            ReadyAt = readyAt,
            CallAttemptId = state == "InProgress" ? Guid.NewGuid() : null,
            InProgressSince = state == "InProgress" ? readyAt : null,
            UpdatedAt = readyAt,
        };
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(LeadSagaQueries.Insert, connection);
        LeadSagaQueries.Bind(command, saga);
        await command.ExecuteNonQueryAsync();
        return saga.CorrelationId;
    }

    /// <summary>Sets the calling configuration; the calling window is the whole day unless given.</summary>
    public static Task SetCallingSettings(this TestDatabase database, bool autoCalling, int maxConcurrentCalls, int windowStart = 0, int windowEnd = 24 * 60) =>
        database.Scalar<int>(
            "WITH u AS (UPDATE calling_settings SET auto_calling_enabled = $1, max_concurrent_calls = $2, calling_hours_start = $3, calling_hours_end = $4 RETURNING 1) SELECT count(*)::int FROM u",
            autoCalling, maxConcurrentCalls, windowStart, windowEnd);
}
