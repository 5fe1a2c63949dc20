using Npgsql;

namespace Trust.Storage.Tests.Fixtures;

/// <summary>
/// PostgreSQL: a database with a random name per test class (created from TRUST_TEST_POSTGRES,
/// dropped afterwards), a new schema per store. Fails, never skips, when the variable is missing.
/// </summary>
public sealed class PostgresFixture : StoreFixture
{
    private string? adminConnectionString;
    private string? databaseConnectionString;
    private string? databaseName;

    public override async Task<string> NewStoreSpecAsync()
    {
        var schema = "s_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(DatabaseConnectionString) { SearchPath = schema };
        return "postgres:" + builder.ConnectionString;
    }

    private string DatabaseConnectionString =>
        databaseConnectionString ?? throw new InvalidOperationException("the PostgreSQL test database was not created");

    public override async Task InitializeAsync()
    {
        adminConnectionString = Environment.GetEnvironmentVariable("TRUST_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(adminConnectionString))
        {
            throw new InvalidOperationException(
                "TRUST_TEST_POSTGRES is not set: the PostgreSQL store tests need a server. Run ./test.sh, which starts one and sets it.");
        }

        databaseName = "trust_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {databaseName}", connection);
            await command.ExecuteNonQueryAsync();
        }

        databaseConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = databaseName }.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        if (adminConnectionString is null || databaseName is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
