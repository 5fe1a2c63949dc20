using System.Data.Common;
using Microsoft.Data.Sqlite;
using Trust.Storage.Internal;

namespace Trust.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers never block the writer), with a busy
/// timeout so that concurrent writers from several threads or processes wait instead of failing.
/// The file is created readable by its owner only (it holds holder names and identifiers).
/// </summary>
public sealed class SqliteTrustStore : TrustStore
{
    private const int BusyTimeoutMilliseconds = 30_000;
    private readonly string connectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    private SqliteTrustStore(string connectionString, string path)
    {
        this.connectionString = connectionString;
        Path = path;
    }

    /// <inheritdoc/>
    public override string Kind => "sqlite";

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    internal override string LockRowClause => string.Empty;

    /// <summary>Opens (creating if needed) the store in the file at <paramref name="path"/> and runs the migrations.</summary>
    public static async Task<SqliteTrustStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        CreateOwnerOnlyFile(fullPath);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        var store = new SqliteTrustStore(builder.ToString(), fullPath);
        try
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await Db.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            await using var transaction = await store.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            store.SchemaVersion = await SchemaMigrator.MigrateAsync(connection, transaction, SchemaMigrator.Load("Sqlite"), cancellationToken).ConfigureAwait(false);
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
    internal override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await Db.ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    internal override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false)); // BEGIN IMMEDIATE

    /// <inheritdoc/>
    internal override async ValueTask<IDisposable?> EnterWriteGateAsync(CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new GateLease(writeGate);
    }

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private sealed class GateLease(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private static void CreateOwnerOnlyFile(string fullPath)
    {
        if (File.Exists(fullPath))
        {
            return;
        }

        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var _ = new FileStream(fullPath, options);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another opener created it first.
        }
    }
}
