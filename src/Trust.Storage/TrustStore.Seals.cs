using System.Data.Common;
using Trust.Core.Audit;
using Trust.Core.Seals;
using Trust.Core.Storage;
using Trust.Storage.Internal;

namespace Trust.Storage;

public abstract partial class TrustStore
{
    /// <inheritdoc/>
    async Task<bool> ISealRegistryStore.RevokeAsync(SealRevocation revocation, CancellationToken cancellationToken) =>
        await RevokeSealAsync(revocation, cancellationToken).ConfigureAwait(false);

    /// <summary>Revokes a seal (<see cref="ISealRegistryStore.RevokeAsync"/>): true when this call revoked it.</summary>
    public async Task<bool> RevokeSealAsync(SealRevocation revocation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        InputLimits.Text("seal.id", revocation.SealId, InputLimits.IdLength);
        InputLimits.Text("seal.reason", revocation.Reason, InputLimits.ReasonLength, allowEmpty: true);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await InsertSealRevocationAsync(connection, null, revocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Revokes a seal and appends its <c>seal.revoke</c> audit entry (subject: the seal id, time: the revocation's time)
    /// in one transaction: both happen or neither. Returns null, changing and appending nothing, when the seal was
    /// already revoked (revocation is final).
    /// </summary>
    /// <param name="revocation">The revocation.</param>
    /// <param name="actor">Who revoked it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AuditEntry?> RevokeSealWithAuditAsync(SealRevocation revocation, string actor, string details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        InputLimits.Text("seal.id", revocation.SealId, InputLimits.IdLength);
        InputLimits.Text("seal.reason", revocation.Reason, InputLimits.ReasonLength, allowEmpty: true);
        _ = AuditChain.CreateEntry(1, revocation.RevokedAt, SealRevokeAction, actor, revocation.SealId, details, AuditChain.GenesisHash);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!await InsertSealRevocationAsync(connection, transaction, revocation, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var entry = await AppendInTransactionAsync(connection, transaction, SealRevokeAction, actor, revocation.SealId, details, revocation.RevokedAt, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>
    /// The seal revocations as they are now, for a verification or a seal use that needs a synchronous
    /// <see cref="ISealRevocationSource"/> (<c>PdfVerificationOptions.SealRevocations</c>, <see cref="SealRegistry"/>).
    /// </summary>
    public async Task<ISealRevocationSource> GetSealRevocationSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = new InMemorySealRevocations();
        foreach (var revocation in await ListRevocationsAsync(cancellationToken).ConfigureAwait(false))
        {
            snapshot.Revoke(revocation.SealId);
        }

        return snapshot;
    }

    /// <summary>Audit action of a seal revocation.</summary>
    public const string SealRevokeAction = "seal.revoke";

    private static async Task<bool> InsertSealRevocationAsync(DbConnection connection, DbTransaction? transaction, SealRevocation revocation, CancellationToken cancellationToken)
    {
        var rows = await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO seal_revocations (seal_id, revoked_at_us, reason) VALUES (@id, @at, @reason) ON CONFLICT DO NOTHING",
            cancellationToken, ("id", revocation.SealId), ("at", Db.ToMicros(revocation.RevokedAt)), ("reason", revocation.Reason)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <inheritdoc/>
    public async Task<SealRevocation?> GetRevocationAsync(string sealId, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("seal.id", sealId, InputLimits.IdLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null,
            "SELECT seal_id, revoked_at_us, reason FROM seal_revocations WHERE seal_id = @id", ("id", sealId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new SealRevocation(reader.GetString(0), Db.FromMicros(reader.GetInt64(1)), reader.GetString(2))
            : null;
    }

    /// <inheritdoc/>
    async Task<bool> ISealRegistryStore.IsRevokedAsync(string sealId, CancellationToken cancellationToken) =>
        await IsSealRevokedAsync(sealId, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether the seal has been revoked (<see cref="ISealRegistryStore.IsRevokedAsync"/>).</summary>
    public async Task<bool> IsSealRevokedAsync(string sealId, CancellationToken cancellationToken = default) =>
        await GetRevocationAsync(sealId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>All seal revocations, in ordinal order of seal id.</summary>
    public async Task<IReadOnlyList<SealRevocation>> ListRevocationsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, "SELECT seal_id, revoked_at_us, reason FROM seal_revocations");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<SealRevocation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new SealRevocation(reader.GetString(0), Db.FromMicros(reader.GetInt64(1)), reader.GetString(2)));
        }

        // Ordinal order in .NET: the providers' collations differ.
        result.Sort((a, b) => string.CompareOrdinal(a.SealId, b.SealId));
        return result;
    }
}
