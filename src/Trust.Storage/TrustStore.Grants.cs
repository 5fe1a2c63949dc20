using System.Data.Common;
using Trust.Core;
using Trust.Core.Storage;
using Trust.Storage.Internal;

namespace Trust.Storage;

public abstract partial class TrustStore
{
    /// <inheritdoc/>
    public async Task RecordAsync(GrantRecord grant, CancellationToken cancellationToken = default)
    {
        CheckGrant(grant);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await InsertGrantAsync(connection, null, grant, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckGrant(GrantRecord grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        InputLimits.Text("grant.id", grant.Id, InputLimits.IdLength);
        InputLimits.Text("grant.holderId", grant.HolderId, InputLimits.HolderIdLength);
    }

    private static async Task InsertGrantAsync(DbConnection connection, DbTransaction? transaction, GrantRecord grant, CancellationToken cancellationToken)
    {
        var rows = await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO grants (id, holder_id, expires_at_us) VALUES (@id, @holder, @expires) ON CONFLICT DO NOTHING",
            cancellationToken, ("id", grant.Id), ("holder", grant.HolderId), ("expires", Db.ToMicros(grant.ExpiresAt))).ConfigureAwait(false);
        if (rows == 0)
        {
            throw new TrustException("a grant with this id already exists");
        }
    }

    /// <inheritdoc/>
    async Task<GrantRecord?> IGrantStore.GetAsync(string grantId, CancellationToken cancellationToken) =>
        await GetGrantAsync(grantId, cancellationToken).ConfigureAwait(false);

    /// <summary>The recorded grant with <paramref name="grantId"/>, or null (<see cref="IGrantStore.GetAsync"/>).</summary>
    public async Task<GrantRecord?> GetGrantAsync(string grantId, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("grantId", grantId, InputLimits.IdLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, "SELECT id, holder_id, expires_at_us FROM grants WHERE id = @id", ("id", grantId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrantRecord(reader.GetString(0), reader.GetString(1), Db.FromMicros(reader.GetInt64(2)))
            : null;
    }

    /// <inheritdoc/>
    async Task<bool> IGrantStore.RevokeAsync(string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        await RevokeGrantAsync(grantId, reason, at, cancellationToken).ConfigureAwait(false);

    /// <summary>Revokes a grant (<see cref="IGrantStore.RevokeAsync"/>): true when this call revoked it.</summary>
    public async Task<bool> RevokeGrantAsync(string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        CheckGrantRevocation(grantId, reason);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await InsertGrantRevocationAsync(connection, null, grantId, reason, at, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckGrantRevocation(string grantId, string reason)
    {
        InputLimits.Text("grantId", grantId, InputLimits.IdLength);
        InputLimits.Text("reason", reason, InputLimits.ReasonLength, allowEmpty: true);
    }

    /// <summary>Inserts the revocation unless there is one: true when this call revoked the grant.</summary>
    private static async Task<bool> InsertGrantRevocationAsync(DbConnection connection, DbTransaction? transaction, string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO grant_revocations (grant_id, revoked_at_us, reason) VALUES (@id, @at, @reason) ON CONFLICT DO NOTHING",
            cancellationToken, ("id", grantId), ("at", Db.ToMicros(at)), ("reason", reason)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <inheritdoc/>
    async Task<bool> IGrantStore.IsRevokedAsync(string grantId, CancellationToken cancellationToken) =>
        await IsGrantRevokedAsync(grantId, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether the grant has been revoked (<see cref="IGrantStore.IsRevokedAsync"/>).</summary>
    public async Task<bool> IsGrantRevokedAsync(string grantId, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("grantId", grantId, InputLimits.IdLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Db.ScalarAsync(connection, null, "SELECT 1 FROM grant_revocations WHERE grant_id = @id", cancellationToken, ("id", grantId)).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One INSERT guarded by the primary key of <c>grant_uses</c>: the database lets exactly one
    /// of any number of concurrent inserts for the same id through, on every node.
    /// </remarks>
    public async Task<bool> TryConsumeAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("grantId", grantId, InputLimits.IdLength);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await InsertGrantUseAsync(connection, null, grantId, at, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts the use unless the grant is used or revoked: true when this call consumed the grant.</summary>
    private static async Task<bool> InsertGrantUseAsync(DbConnection connection, DbTransaction? transaction, string grantId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO grant_uses (grant_id, used_at_us) SELECT @id, @at " +
            "WHERE NOT EXISTS (SELECT 1 FROM grant_revocations WHERE grant_id = @id) ON CONFLICT DO NOTHING",
            cancellationToken, ("id", grantId), ("at", Db.ToMicros(at))).ConfigureAwait(false);
        return rows == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> IsConsumedAsync(string grantId, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("grantId", grantId, InputLimits.IdLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Db.ScalarAsync(connection, null, "SELECT 1 FROM grant_uses WHERE grant_id = @id", cancellationToken, ("id", grantId)).ConfigureAwait(false) is not null;
    }
}
