using Trust.Core.Status;

namespace Trust.Core.Storage;

/// <summary>
/// A store that makes every write which must carry an audit entry in one step with that entry: the change and its
/// audit record both happen or neither does. Implemented by the SQLite and PostgreSQL stores (Trust.Storage, one
/// transaction each) and by <see cref="InMemoryTrustStore"/> (one lock). Hosts and embedders call these instead of a
/// plain write followed by <see cref="IAuditLog.AppendAsync"/>, which loses the entry when the process stops between them.
/// </summary>
/// <remarks>
/// Each method checks its values before writing anything and throws <see cref="TrustFormatException"/> naming the
/// field for an empty or oversized value; the audit values are checked as <see cref="Audit.AuditChain.CreateEntry"/> does.
/// </remarks>
public interface IAuditedWriteStore : IAtomicGrantConsumption
{
    /// <summary>
    /// Records an issued licence and appends <c>licence.issue</c> (subject: the licence id, time: its issue time).
    /// Throws <see cref="TrustException"/> when the id, or the status index in its status list, is taken.
    /// </summary>
    /// <param name="licence">The licence.</param>
    /// <param name="actor">Who issued it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditEntry> AddWithAuditAsync(LicenceRecord licence, string actor, string details, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a licence's status and appends <c>licence.revoke</c>, <c>licence.suspend</c> or <c>licence.resume</c>.
    /// Returns null, changing and appending nothing, when the licence is unknown or already revoked (revoked is final).
    /// </summary>
    /// <param name="change">The status change.</param>
    /// <param name="actor">Who changed it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditEntry?> SetStatusWithAuditAsync(StatusChange change, string actor, string details, CancellationToken cancellationToken = default);

    /// <summary>Records an issued grant and appends <c>grant.issue</c>. Throws <see cref="TrustException"/> when the id exists.</summary>
    /// <param name="grant">The grant.</param>
    /// <param name="actor">Who issued it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="at">The issue time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditEntry> RecordGrantWithAuditAsync(GrantRecord grant, string actor, string details, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Revokes a grant and appends <c>grant.revoke</c>; null, changing nothing, when it was already revoked.</summary>
    /// <param name="grantId">The grant (recorded or not).</param>
    /// <param name="reason">Why (free text, no personal data).</param>
    /// <param name="at">When the revocation takes effect.</param>
    /// <param name="actor">Who revoked it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditEntry?> RevokeGrantWithAuditAsync(string grantId, string reason, DateTimeOffset at, string actor, string details, CancellationToken cancellationToken = default);

    /// <summary>Revokes a seal and appends <c>seal.revoke</c>; null, changing nothing, when it was already revoked.</summary>
    /// <param name="revocation">The revocation.</param>
    /// <param name="actor">Who revoked it.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditEntry?> RevokeSealWithAuditAsync(SealRevocation revocation, string actor, string details, CancellationToken cancellationToken = default);
}
