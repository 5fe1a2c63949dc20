namespace Trust.Core.Storage;

/// <summary>
/// An optional capability of a store that is both the <see cref="IGrantStore"/> and the <see cref="IAuditLog"/>:
/// consuming a single-use grant and appending the audit entry of that use in one transaction, so that a grant
/// is never used up without its audit record (nor recorded as used by an entry that was never written).
/// <see cref="Grants.GrantChecker"/> uses it when the grant store and the audit log it is given are the same
/// object implementing this interface; otherwise it consumes and appends in two steps.
/// </summary>
public interface IAtomicGrantConsumption
{
    /// <summary>
    /// In one transaction: marks the grant used, only when it is neither used nor revoked (the same rule as
    /// <see cref="IGrantStore.TryConsumeAsync"/>, atomic across nodes), and appends an audit entry whose
    /// subject is <paramref name="grantId"/>. Returns the appended entry, or null, changing and appending
    /// nothing, when the grant was already used or is revoked. When the append fails the consumption is
    /// rolled back and the exception propagates. Throws <see cref="TrustFormatException"/> naming the field
    /// for a value over its limit, before anything is written.
    /// </summary>
    /// <param name="grantId">The grant.</param>
    /// <param name="at">Time of the use and of the audit entry.</param>
    /// <param name="action">The audit action (for example <c>grant.check</c>).</param>
    /// <param name="actor">Who used the grant.</param>
    /// <param name="details">Further facts as compact JSON; never personal data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AuditEntry?> TryConsumeWithAuditAsync(string grantId, DateTimeOffset at, string action, string actor, string details, CancellationToken cancellationToken = default);
}
