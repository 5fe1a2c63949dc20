using System.Data.Common;
using Trust.Core.Storage;

namespace Trust.Storage;

/// <summary>
/// A Trust store: licences and their status, the audit log, authorisation grants and seal
/// revocations in one database. Open one with <see cref="TrustStores.OpenAsync"/>; it is safe
/// to share one instance between threads (each call uses its own pooled connection), and
/// several processes or nodes may use the same database at the same time.
/// </summary>
/// <remarks>
/// The SQL is shared by both providers and uses parameters for every value; the providers
/// differ only in how they connect, lock and migrate (<see cref="Sqlite.SqliteTrustStore"/>,
/// <see cref="Postgres.PostgresTrustStore"/>).
/// </remarks>
public abstract partial class TrustStore : ILicenceStore, IAuditLog, IGrantStore, IAtomicGrantConsumption, IAuditedWriteStore, ISealRegistryStore, IAsyncDisposable, IDisposable
{
    private protected TrustStore()
    {
    }

    /// <summary>The provider: <c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The schema version after the migrations run on open.</summary>
    public int SchemaVersion { get; private protected set; }

    /// <summary>Opens a connection (the caller disposes it).</summary>
    internal abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a write transaction. SQLite takes the database write lock at once (BEGIN IMMEDIATE),
    /// so read-then-write sequences never fail on lock upgrade; PostgreSQL uses READ COMMITTED and
    /// row locks (<see cref="LockRowClause"/>).
    /// </summary>
    internal abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Suffix of a SELECT that locks the rows it reads until commit (empty where the transaction already holds the write lock).</summary>
    internal abstract string LockRowClause { get; }

    /// <summary>
    /// Waits until this process may write (null where the database alone arbitrates). SQLite lets
    /// one writer in at a time and makes the others sleep and retry; queueing this process's own
    /// writers first avoids those sleeps. Other processes still wait on the busy timeout.
    /// </summary>
    internal virtual ValueTask<IDisposable?> EnterWriteGateAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>Releases pooled connections.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        DisposeAsyncCore().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }
}
