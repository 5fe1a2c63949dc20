namespace Trust.Core.Storage;

/// <summary>
/// Short codes of issued grants (<see cref="Grants.GrantShortCode"/>): each names one stored grant, so that a
/// clerk can type the code instead of scanning the QR code. Implementations: SQLite and PostgreSQL (Trust.Storage).
/// </summary>
public interface IGrantCodeStore
{
    /// <summary>
    /// Stores a code. Returns false, storing nothing, when the code is already taken (the caller draws another).
    /// Throws <see cref="TrustFormatException"/> naming the field for an empty or oversized value.
    /// </summary>
    Task<bool> TryAddCodeAsync(GrantCodeRecord code, CancellationToken cancellationToken = default);

    /// <summary>The stored code (canonical form), or null.</summary>
    Task<GrantCodeRecord?> FindCodeAsync(string code, CancellationToken cancellationToken = default);
}

/// <summary>A grant's short code and the signed grant it names.</summary>
/// <param name="Code">The canonical code (12 characters, no separators).</param>
/// <param name="GrantId">The grant's id.</param>
/// <param name="Grant">The grant's COSE_Sign1 bytes (they carry the holder id: personal data).</param>
/// <param name="ExpiresAt">The grant's expiry.</param>
public sealed record GrantCodeRecord(string Code, string GrantId, byte[] Grant, DateTimeOffset ExpiresAt);
