namespace Trust.Core.Storage;

/// <summary>
/// Issued authorisation grants, their revocation and the use of single-use grants.
/// Implementations: SQLite (embedded) and PostgreSQL (Trust.Storage).
/// </summary>
public interface IGrantStore
{
    /// <summary>
    /// Records an issued grant. Throws <see cref="TrustException"/> if the id exists and
    /// <see cref="TrustFormatException"/> naming the field for an empty or oversized value.
    /// </summary>
    Task RecordAsync(GrantRecord grant, CancellationToken cancellationToken = default);

    /// <summary>The recorded grant with <paramref name="grantId"/>, or null.</summary>
    Task<GrantRecord?> GetAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes a grant. Works for any grant id, recorded or not, so that a grant issued elsewhere can
    /// still be stopped. Returns true when this call revoked it, false when it was already revoked
    /// (the first revocation's time and reason stay).
    /// </summary>
    Task<bool> RevokeAsync(string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether the grant has been revoked.</summary>
    Task<bool> IsRevokedAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a single-use grant as used. Atomic across nodes: of any number of concurrent callers
    /// for the same id exactly one gets true; every later call gets false. A revoked grant is
    /// never consumed (false). Expiry is the caller's check.
    /// </summary>
    Task<bool> TryConsumeAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether the grant has been consumed by <see cref="TryConsumeAsync"/>.</summary>
    Task<bool> IsConsumedAsync(string grantId, CancellationToken cancellationToken = default);
}

/// <summary>An issued authorisation grant as kept by the store.</summary>
/// <param name="Id">The grant identifier (unique, for example the grant's nonce).</param>
/// <param name="HolderId">Resident ID number or unified social credit code of the holder (personal data: never logged).</param>
/// <param name="ExpiresAt">End of the grant's validity.</param>
public sealed record GrantRecord(string Id, string HolderId, DateTimeOffset ExpiresAt);
