using System.Data;
using System.Data.Common;
using Npgsql;
using Trust.Storage.Internal;

namespace Trust.Storage.Postgres;

/// <summary>
/// The scale-out store: PostgreSQL through a pooled <see cref="NpgsqlDataSource"/>. Several server
/// nodes may share the database: status indexes, audit appends and grant consumption are atomic
/// in the database, and openers run the migrations one at a time (advisory lock).
/// </summary>
public sealed class PostgresTrustStore : TrustStore
{
    /// <summary>Advisory lock key that serialises schema migrations (an arbitrary constant: "TRUSTMIG").</summary>
    private const long MigrationLockKey = 0x5452_5553_544D_4947;

    private readonly NpgsqlDataSource dataSource;

    private PostgresTrustStore(NpgsqlDataSource dataSource) => this.dataSource = dataSource;

    /// <inheritdoc/>
    public override string Kind => "postgres";

    /// <inheritdoc/>
    internal override string LockRowClause => " FOR UPDATE";

    /// <summary>
    /// Opens the store in the database named by the Npgsql <paramref name="connectionString"/>
    /// (<c>Host=...;Port=...;Database=...;Username=...</c>; tables go in the first schema of its
    /// search path) and runs the migrations.
    /// </summary>
    public static async Task<PostgresTrustStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var store = new PostgresTrustStore(NpgsqlDataSource.Create(connectionString));
        try
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await store.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

            // Concurrent openers (several nodes starting at once) wait here; the lock ends with the transaction.
            await Db.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLockKey)).ConfigureAwait(false);
            store.SchemaVersion = await SchemaMigrator.MigrateAsync(connection, transaction, SchemaMigrator.Load("Postgres"), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    internal override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    internal override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore() => dataSource.DisposeAsync();
}
