namespace Trust.Core.Seals;

/// <summary>
/// Knows which seals are revoked. The in-memory <see cref="InMemorySealRevocations"/> serves tests and
/// embedders; a persistent store (PostgreSQL/SQLite) implements the same interface.
/// </summary>
public interface ISealRevocationSource
{
    /// <summary>Whether the seal with identifier <paramref name="sealId"/> (<c>esID</c>) is revoked.</summary>
    bool IsRevoked(string sealId);
}

/// <summary>A thread-safe in-memory set of revoked seal identifiers.</summary>
public sealed class InMemorySealRevocations : ISealRevocationSource
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    /// <summary>Marks a seal revoked. Revocation is permanent.</summary>
    public void Revoke(string sealId)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        _revoked[sealId] = 0;
    }

    /// <inheritdoc />
    public bool IsRevoked(string sealId) => _revoked.ContainsKey(sealId);
}
