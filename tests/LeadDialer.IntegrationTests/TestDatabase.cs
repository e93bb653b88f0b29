using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>
/// A throw-away PostgreSQL database on the server <c>deploy/dev.sh test</c> started
/// (<c>LEADDIALER_TEST_POSTGRES</c>), named <c>leaddialer_test_*</c> so it never touches a system started with <c>up</c>.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly string _server;

    TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> Create(string purpose)
    {
        var server = Environment.GetEnvironmentVariable("LEADDIALER_TEST_POSTGRES")
            ?? throw new InvalidOperationException(
                "LEADDIALER_TEST_POSTGRES is not set. Run the tests with 'deploy/dev.sh test', which starts PostgreSQL and sets it.");
        var database = new TestDatabase(server, $"leaddialer_test_{purpose}_{Guid.NewGuid():N}");
        await database.Admin($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async Task<T> Scalar<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new() { Value = p });
        }

        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"No row from: {sql}");
        }

        return reader.GetFieldValue<T>(0);
    }

    /// <summary>
    /// An outage as the services meet it: every session is ended and new ones are refused
    /// ("too many connections", 53300) until <see cref="AcceptConnections"/>.
    /// </summary>
    public async Task RefuseConnections()
    {
        await Admin($"ALTER DATABASE \"{Name}\" CONNECTION LIMIT 0");
        await Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid()");
        NpgsqlConnection.ClearAllPools();
    }

    public Task AcceptConnections() => Admin($"ALTER DATABASE \"{Name}\" CONNECTION LIMIT -1");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Admin($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
