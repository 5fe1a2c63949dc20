using System.Collections.Concurrent;
using Trust.Core;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Storage;

namespace Trust.Grpc.Hosting;

/// <summary>
/// The licence issuers of the departments of the PKI. A department's key is decrypted on its
/// first use and then kept in memory for the life of the process.
/// </summary>
internal sealed class DepartmentIssuers : IDisposable
{
    private readonly string _pkiDirectory;
    private readonly string _passphrase;
    private readonly ILicenceStore _store;
    private readonly IAuditLog _audit;
    private readonly Dictionary<string, PkiDepartment> _departments;
    private readonly Dictionary<string, PkiAuthority> _authorities;
    private readonly ConcurrentDictionary<string, Lazy<Loaded>> _loaded = new(StringComparer.Ordinal);

    public DepartmentIssuers(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, ILicenceStore store, IAuditLog audit)
    {
        _pkiDirectory = pkiDirectory;
        _passphrase = passphrase;
        _store = store;
        _audit = audit;
        _departments = manifest.Departments.ToDictionary(d => d.Code, StringComparer.Ordinal);
        _authorities = manifest.Authorities.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    /// <summary>The department codes.</summary>
    public IReadOnlyCollection<string> Codes => _departments.Keys;

    /// <summary>The status list id used for the licences of <paramref name="department"/>.</summary>
    public static string StatusListId(string department) => department + "/licences";

    /// <summary>Whether the PKI has <paramref name="department"/>.</summary>
    public bool Contains(string department) => _departments.ContainsKey(department);

    /// <summary>The issuer of <paramref name="department"/>, or null for an unknown department.</summary>
    /// <exception cref="TrustKeyException">The department's key cannot be loaded.</exception>
    public LicenceIssuer? IssuerFor(string department) => Load(department)?.Issuer;

    /// <summary>The department's signing key and certificate chain (for status lists), or null.</summary>
    public (Core.Crypto.SigningKey Key, IReadOnlyList<byte[]> Chain)? KeyFor(string department) =>
        Load(department) is { } loaded ? (loaded.Key, loaded.Chain) : null;

    public void Dispose()
    {
        foreach (var lazy in _loaded.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Key.Dispose();
            }
        }
    }

    private Loaded? Load(string department)
    {
        if (!_departments.TryGetValue(department, out var entry))
        {
            return null;
        }

        return _loaded.GetOrAdd(department, _ => new Lazy<Loaded>(() => Create(entry), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private Loaded Create(PkiDepartment department)
    {
        var leaf = CertificatePem.LoadFile(Path.Combine(_pkiDirectory, department.LicenceIssuerCertificate))[0];
        var chain = new List<byte[]> { leaf };
        if (_authorities.TryGetValue(department.Issuer, out var ca))
        {
            chain.Add(CertificatePem.LoadFile(Path.Combine(_pkiDirectory, ca.Certificate))[0]);
        }

        var key = PrivateKeyPem.LoadFile(Path.Combine(_pkiDirectory, department.LicenceIssuerKey), _passphrase, out _);
        var issuer = new LicenceIssuer(
            new LicenceIssuerOptions
            {
                DepartmentCode = department.Code,
                SigningKey = key,
                CertificateChain = chain,
                StatusListId = StatusListId(department.Code),
                Actor = "grpc:" + department.Code,
            },
            _store,
            _audit);
        return new Loaded(issuer, key, chain);
    }

    private sealed record Loaded(LicenceIssuer Issuer, Core.Crypto.SigningKey Key, IReadOnlyList<byte[]> Chain);
}
