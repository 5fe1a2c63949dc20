using System.Data.Common;
using System.Runtime.CompilerServices;
using Trust.Core.Audit;
using Trust.Core.Storage;
using Trust.Storage.Internal;

namespace Trust.Storage;

public abstract partial class TrustStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Appends are serialised by locking the single chain-head row inside the write transaction
    /// (SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), so concurrent appenders on
    /// any number of nodes extend one chain without gaps or forks.
    /// </remarks>
    public async Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        // Checks the values before any lock is taken (throws TrustFormatException naming the field).
        _ = AuditChain.CreateEntry(1, at, action, actor, subject, details, AuditChain.GenesisHash);

        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var entry = await AppendInTransactionAsync(connection, transaction, action, actor, subject, details, at, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Appends inside the caller's write transaction (which the caller commits).</summary>
    private async Task<AuditEntry> AppendInTransactionAsync(DbConnection connection, DbTransaction transaction, string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken)
    {
        long headSequence;
        byte[] headHash;
        await using (var command = Db.Command(connection, transaction, "SELECT seq, hash FROM audit_head WHERE id = 1" + LockRowClause))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("the audit chain head row is missing: the store schema is damaged");
            }

            headSequence = reader.GetInt64(0);
            headHash = reader.GetFieldValue<byte[]>(1);
        }

        var entry = AuditChain.CreateEntry(headSequence + 1, at, action, actor, subject, details, headHash);
        await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO audit_log (seq, at_us, action, actor, subject, details, prev_hash, hash) VALUES (@seq, @at, @action, @actor, @subject, @details, @prev, @hash)",
            cancellationToken,
            ("seq", entry.Sequence), ("at", Db.ToMicros(entry.At)), ("action", entry.Action), ("actor", entry.Actor),
            ("subject", entry.Subject), ("details", entry.Details), ("prev", entry.PreviousHash), ("hash", entry.Hash)).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, transaction, "UPDATE audit_head SET seq = @seq, hash = @hash WHERE id = 1",
            cancellationToken, ("seq", entry.Sequence), ("hash", entry.Hash)).ConfigureAwait(false);
        return entry;
    }

    /// <summary>
    /// The chain head as the store's head row records it (advanced by every append). Pass it to
    /// <see cref="AuditChainVerifier.VerifyAsync(IAuditLog, AuditAnchor?, CancellationToken)"/> so that
    /// rows deleted at the end of the log are found too; keep copies outside the database
    /// (for example in the operations log) to also catch someone who rewrites the head row.
    /// </summary>
    public async Task<AuditAnchor> GetAuditAnchorAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, "SELECT seq, hash FROM audit_head WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("the audit chain head row is missing: the store schema is damaged");
        }

        return new AuditAnchor(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    /// <summary>Verifies the audit chain against this store's head row (<see cref="GetAuditAnchorAsync"/>): what <c>trust audit verify</c> runs.</summary>
    public async Task<AuditChainVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default) =>
        await AuditChainVerifier.VerifyAsync(this, await GetAuditAnchorAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null,
            "SELECT seq, at_us, action, actor, subject, details, prev_hash, hash FROM audit_log WHERE seq >= @from ORDER BY seq",
            ("from", fromSequence));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(
                reader.GetInt64(0),
                Db.FromMicros(reader.GetInt64(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<byte[]>(6),
                reader.GetFieldValue<byte[]>(7));
        }
    }
}
