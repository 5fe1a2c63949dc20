using System.Collections.Concurrent;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Seals;

namespace Trust.Grpc.Seals;

/// <summary>
/// The seals of the PKI (the registry of <c>pki.json</c>'s <c>extensions.seals</c>) and the department keys
/// that seal with them, loaded the way <c>trust seal pdf</c> loads them: the department's key and its
/// certificate chain (<c>chain.pem</c> beside the certificate when present). A key is decrypted on first use
/// and kept for the life of the process. Revocation is not decided here: the store is asked per call.
/// </summary>
internal sealed class DepartmentSeals : IDisposable
{
    private readonly string _pkiDirectory;
    private readonly string _passphrase;
    private readonly Dictionary<string, PkiDepartment> _departments;
    private readonly ConcurrentDictionary<string, Lazy<SealingKey>> _keys = new(StringComparer.Ordinal);

    public DepartmentSeals(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase)
    {
        _pkiDirectory = pkiDirectory;
        _passphrase = passphrase;
        _departments = manifest.Departments.ToDictionary(d => d.Code, StringComparer.Ordinal);

        // The registry's own revocation list stays empty: revocations live in the store (ISealRegistryStore)
        // and are checked per call, so they are visible at once and on every node.
        Registry = SealPkiContributor.LoadRegistry(pkiDirectory, manifest, new InMemorySealRevocations());
    }

    /// <summary>The seals of the PKI.</summary>
    public SealRegistry Registry { get; }

    /// <summary>The department's signing key and certificate chain (signer first), or null for a department not in the PKI.</summary>
    /// <exception cref="Trust.Core.TrustKeyException">The key cannot be decrypted.</exception>
    public SealingKey? KeyFor(string department)
    {
        if (!_departments.TryGetValue(department, out var entry))
        {
            return null;
        }

        return _keys.GetOrAdd(department, _ => new Lazy<SealingKey>(() => Load(entry), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    public void Dispose()
    {
        foreach (var lazy in _keys.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Key.Dispose();
            }
        }
    }

    private SealingKey Load(PkiDepartment department)
    {
        var certificatePath = Path.Combine(_pkiDirectory, department.Certificate);
        var chainPath = Path.Combine(Path.GetDirectoryName(certificatePath)!, "chain.pem");
        var chain = CertificatePem.LoadFile(File.Exists(chainPath) ? chainPath : certificatePath);
        var key = PrivateKeyPem.LoadFile(Path.Combine(_pkiDirectory, department.Key), _passphrase, out _);
        return new SealingKey(key, chain);
    }
}

/// <summary>A department's sealing key and its certificate chain, signer first.</summary>
internal sealed record SealingKey(SigningKey Key, IReadOnlyList<byte[]> Chain);
