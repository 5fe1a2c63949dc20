using Trust.Core.Audit;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage.Internal;

namespace Trust.Storage;

public abstract partial class TrustStore
{
    /// <summary>
    /// Records an issued licence and appends its <c>licence.issue</c> audit entry (subject: the
    /// licence id, time: its issue time) in one transaction: both happen or neither. Same checks
    /// and exceptions as <see cref="AddAsync"/> and <see cref="AppendAsync"/>.
    /// </summary>
    /// <param name="licence">The licence.</param>
    /// <param name="actor">Who issued it (principal, department or tool).</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AuditEntry> AddWithAuditAsync(LicenceRecord licence, string actor, string details, CancellationToken cancellationToken = default)
    {
        CheckLicence(licence);
        _ = AuditChain.CreateEntry(1, licence.IssuedAt, "licence.issue", actor, licence.Id, details, AuditChain.GenesisHash);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await InsertLicenceAsync(connection, transaction, licence, cancellationToken).ConfigureAwait(false);
        var entry = await AppendInTransactionAsync(connection, transaction, "licence.issue", actor, licence.Id, details, licence.IssuedAt, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>
    /// Changes a licence's status and appends <c>licence.revoke</c>, <c>licence.suspend</c> or
    /// <c>licence.resume</c> (subject: the licence id, time: the change's time) in one transaction.
    /// Returns null, changing and appending nothing, when the licence is unknown or already revoked
    /// (revoked is final).
    /// </summary>
    /// <param name="change">The status change.</param>
    /// <param name="actor">Who changed it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AuditEntry?> SetStatusWithAuditAsync(StatusChange change, string actor, string details, CancellationToken cancellationToken = default)
    {
        CheckStatusChange(change);
        var action = change.Status switch
        {
            LicenceStatus.Revoked => "licence.revoke",
            LicenceStatus.Suspended => "licence.suspend",
            _ => "licence.resume",
        };
        _ = AuditChain.CreateEntry(1, change.At, action, actor, change.LicenceId, details, AuditChain.GenesisHash);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!await UpdateStatusAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var entry = await AppendInTransactionAsync(connection, transaction, action, actor, change.LicenceId, details, change.At, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }
    /// <summary>
    /// Records an issued grant and appends its <c>grant.issue</c> audit entry (subject: the grant id)
    /// in one transaction: both happen or neither. Same checks and exceptions as <see cref="RecordAsync"/>
    /// and <see cref="AppendAsync"/>.
    /// </summary>
    /// <param name="grant">The grant.</param>
    /// <param name="actor">Who issued it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="at">The issue time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AuditEntry> RecordGrantWithAuditAsync(GrantRecord grant, string actor, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        CheckGrant(grant);
        _ = AuditChain.CreateEntry(1, at, "grant.issue", actor, grant.Id, details, AuditChain.GenesisHash);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await InsertGrantAsync(connection, transaction, grant, cancellationToken).ConfigureAwait(false);
        var entry = await AppendInTransactionAsync(connection, transaction, "grant.issue", actor, grant.Id, details, at, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>
    /// Revokes a grant and appends its <c>grant.revoke</c> audit entry (subject: the grant id) in one
    /// transaction. Returns null, changing and appending nothing, when the grant was already revoked.
    /// </summary>
    /// <param name="grantId">The grant (recorded or not).</param>
    /// <param name="reason">Why (free text, no personal data).</param>
    /// <param name="at">When the revocation takes effect.</param>
    /// <param name="actor">Who revoked it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AuditEntry?> RevokeGrantWithAuditAsync(string grantId, string reason, DateTimeOffset at, string actor, string details, CancellationToken cancellationToken = default)
    {
        CheckGrantRevocation(grantId, reason);
        _ = AuditChain.CreateEntry(1, at, "grant.revoke", actor, grantId, details, AuditChain.GenesisHash);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!await InsertGrantRevocationAsync(connection, transaction, grantId, reason, at, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var entry = await AppendInTransactionAsync(connection, transaction, "grant.revoke", actor, grantId, details, at, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The use is the same guarded INSERT as <see cref="TryConsumeAsync"/>, here inside the write transaction
    /// of the audit append: on PostgreSQL a concurrent consumer of the same grant waits on the uncommitted
    /// row and then finds it (false), or, when this transaction rolls back, consumes the grant itself.
    /// </remarks>
    public async Task<AuditEntry?> TryConsumeWithAuditAsync(string grantId, DateTimeOffset at, string action, string actor, string details, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("grantId", grantId, InputLimits.IdLength);
        _ = AuditChain.CreateEntry(1, at, action, actor, grantId, details, AuditChain.GenesisHash);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!await InsertGrantUseAsync(connection, transaction, grantId, at, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var entry = await AppendInTransactionAsync(connection, transaction, action, actor, grantId, details, at, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }
}
