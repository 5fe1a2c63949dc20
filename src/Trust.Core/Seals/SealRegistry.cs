using System.Diagnostics.CodeAnalysis;
using Trust.Core.Crypto;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Seals;

/// <summary>A seal known to the registry: its identity, owner, algorithm and the <c>SES_Seal</c> itself.</summary>
/// <param name="Id">The seal identifier (<c>esID</c>).</param>
/// <param name="Name">The seal's name.</param>
/// <param name="Department">The owning department's code.</param>
/// <param name="Kind">The kind of seal.</param>
/// <param name="Algorithm">The algorithm signatures with this seal use (the signer's key: SM2-SM3 or RSA-SHA256).</param>
/// <param name="Seal">The seal.</param>
public sealed record SealRecord(string Id, string Name, string Department, SealKind Kind, SignatureAlgorithm Algorithm, SesSeal Seal);

/// <summary>
/// The seals of a PKI: lists them, finds them by id, and knows which are revoked (through an
/// <see cref="ISealRevocationSource"/>). A revoked or expired seal is refused by <see cref="GetUsable"/>.
/// </summary>
public sealed class SealRegistry
{
    private readonly Dictionary<string, SealRecord> _byId;
    private readonly List<SealRecord> _ordered;
    private readonly TimeProvider _time;

    /// <summary>Creates a registry from seal records.</summary>
    /// <param name="seals">The seals; identifiers must be unique.</param>
    /// <param name="revocations">Where revocations are known; an in-memory set when null.</param>
    /// <param name="timeProvider">Clock used by <see cref="GetUsable"/>; the system clock when null.</param>
    /// <exception cref="ArgumentException">Two seals share an identifier.</exception>
    public SealRegistry(IEnumerable<SealRecord> seals, ISealRevocationSource? revocations = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(seals);
        _ordered = [.. seals];
        _byId = new Dictionary<string, SealRecord>(StringComparer.Ordinal);
        foreach (var seal in _ordered)
        {
            if (!_byId.TryAdd(seal.Id, seal))
            {
                throw new ArgumentException($"Seal identifier {seal.Id} appears twice.", nameof(seals));
            }
        }

        Revocations = revocations ?? new InMemorySealRevocations();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Where this registry's revocations are known.</summary>
    public ISealRevocationSource Revocations { get; }

    /// <summary>All seals, in registration order.</summary>
    public IReadOnlyList<SealRecord> List() => _ordered;

    /// <summary>Finds a seal by identifier.</summary>
    public bool TryFind(string id, [NotNullWhen(true)] out SealRecord? seal) => _byId.TryGetValue(id, out seal);

    /// <summary>Whether the seal is revoked.</summary>
    public bool IsRevoked(string id) => Revocations.IsRevoked(id);

    /// <summary>Returns the seal when it exists, is not revoked and is inside its validity window now.</summary>
    /// <exception cref="KeyNotFoundException">No seal has this identifier.</exception>
    /// <exception cref="SealUnusableException">The seal is revoked or outside its validity window.</exception>
    public SealRecord GetUsable(string id)
    {
        if (!TryFind(id, out var seal))
        {
            throw new KeyNotFoundException($"No seal with identifier {id}.");
        }

        if (IsRevoked(id))
        {
            throw new SealUnusableException(SealReasons.Revoked, $"Seal {id} is revoked and cannot be used to sign.");
        }

        var property = seal.Seal.SealInfo.Property;
        var now = _time.GetUtcNow();
        if (now < property.ValidStart || now > property.ValidEnd)
        {
            throw new SealUnusableException(SealReasons.NotValidAtSigningTime,
                $"Seal {id} is valid from {property.ValidStart:u} to {property.ValidEnd:u}; it cannot be used now.");
        }

        return seal;
    }
}
