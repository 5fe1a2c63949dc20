using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Keys.Pkcs11;

namespace Trust.Core.Seals.Providers;

/// <summary>
/// A seal provider whose keys are <see cref="SigningKey"/>s held by this process: software keys (today's local
/// sealing) or keys that stay inside a PKCS#11 token (<see cref="OpenPkcs11"/>). Seals come from a
/// <see cref="SealRegistry"/>; a seal signs with the key of its department.
/// </summary>
public sealed class KeySealProvider : ISealProvider, IDisposable
{
    private readonly SealRegistry _registry;
    private readonly Dictionary<string, SealKeyEntry> _byDepartment;
    private readonly bool _ownsKeys;

    /// <summary>Creates a provider.</summary>
    /// <param name="registry">The seals.</param>
    /// <param name="keys">One entry per department; each key must belong to its chain's first certificate.</param>
    /// <param name="ownsKeys">Whether <see cref="Dispose"/> disposes the keys.</param>
    /// <exception cref="TrustKeyException">A key does not belong to its certificate.</exception>
    /// <exception cref="ArgumentException">Two entries name the same department, or a chain is empty.</exception>
    public KeySealProvider(SealRegistry registry, IEnumerable<SealKeyEntry> keys, bool ownsKeys = false)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(keys);
        _registry = registry;
        _ownsKeys = ownsKeys;
        _byDepartment = new Dictionary<string, SealKeyEntry>(StringComparer.Ordinal);
        foreach (var entry in keys)
        {
            if (entry.CertificateChain is not { Count: > 0 })
            {
                throw new ArgumentException($"The certificate chain of department {entry.Department} is empty.", nameof(keys));
            }

            var certKey = PublicKeyPem.FromCertificate(entry.CertificateChain[0]);
            if (!certKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(entry.Key.PublicKey.ExportSubjectPublicKeyInfo()))
            {
                throw new TrustKeyException($"The seal key of department {entry.Department} does not belong to its certificate.");
            }

            if (!_byDepartment.TryAdd(entry.Department, entry))
            {
                throw new ArgumentException($"Department {entry.Department} has two seal keys.", nameof(keys));
            }
        }
    }

    /// <summary>
    /// Opens a department's seal key inside a PKCS#11 token (SoftHSM, a hardware HSM) and makes a provider of it;
    /// the private key never leaves the token. The provider owns and disposes the token session.
    /// </summary>
    /// <exception cref="TrustKeyException">The module, slot, PIN or key cannot be used, or the key does not match the certificate.</exception>
    public static KeySealProvider OpenPkcs11(SealRegistry registry, string department, Pkcs11KeyOptions options, string pin, IReadOnlyList<byte[]> certificateChain)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = Pkcs11SigningKey.Open(options, pin);
        try
        {
            return new KeySealProvider(registry, [new SealKeyEntry(department, key, certificateChain)], ownsKeys: true);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SealRecord> ListSeals() => _registry.List().Where(s => _byDepartment.ContainsKey(s.Department)).ToArray();

    /// <inheritdoc />
    public SealRecord GetSeal(string sealId)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        var seal = _registry.GetUsable(sealId);
        _ = Entry(seal);
        return seal;
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> GetCertificateChain(string sealId)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        return _registry.TryFind(sealId, out var seal)
            ? Entry(seal).CertificateChain
            : throw new KeyNotFoundException($"No seal with identifier {sealId}.");
    }

    /// <inheritdoc />
    public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned)
    {
        var seal = GetSeal(sealId);
        return Entry(seal).Key.Sign(algorithm, toBeSigned);
    }

    /// <summary>Disposes the keys when the provider owns them.</summary>
    public void Dispose()
    {
        if (_ownsKeys)
        {
            foreach (var entry in _byDepartment.Values)
            {
                entry.Key.Dispose();
            }
        }
    }

    private SealKeyEntry Entry(SealRecord seal) =>
        _byDepartment.TryGetValue(seal.Department, out var entry)
            ? entry
            : throw new KeyNotFoundException($"This provider holds no key for seal {seal.Id} (department {seal.Department}).");
}
