namespace Trust.Core.Storage;

/// <summary>
/// Revocation of electronic seals (GB/T 38540 SES_Seal, identified by esID). A revoked seal stays
/// revoked. Implementations: SQLite (embedded) and PostgreSQL (Trust.Storage).
/// </summary>
public interface ISealRegistryStore
{
    /// <summary>
    /// Revokes a seal. Returns true when this call revoked it, false when it was already revoked
    /// (the first revocation's time and reason stay). Throws <see cref="TrustFormatException"/>
    /// naming the field for an empty or oversized value.
    /// </summary>
    Task<bool> RevokeAsync(SealRevocation revocation, CancellationToken cancellationToken = default);

    /// <summary>The revocation of the seal, or null when it is not revoked.</summary>
    Task<SealRevocation?> GetRevocationAsync(string sealId, CancellationToken cancellationToken = default);

    /// <summary>Whether the seal has been revoked.</summary>
    Task<bool> IsRevokedAsync(string sealId, CancellationToken cancellationToken = default);

    /// <summary>All seal revocations, in ordinal order of seal id.</summary>
    Task<IReadOnlyList<SealRevocation>> ListRevocationsAsync(CancellationToken cancellationToken = default);
}

/// <summary>The revocation of an electronic seal.</summary>
/// <param name="SealId">The seal's identifier (esID of SES_SealInfo, GB/T 38540-2020).</param>
/// <param name="RevokedAt">When the revocation took effect; signatures made after it are not valid.</param>
/// <param name="Reason">Why (free text, no personal data).</param>
public sealed record SealRevocation(string SealId, DateTimeOffset RevokedAt, string Reason);
