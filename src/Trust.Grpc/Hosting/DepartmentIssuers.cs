using System.Collections.Concurrent;
using Trust.Application.Licences;
using Trust.Core;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Storage;

namespace Trust.Grpc.Hosting;

/// <summary>
/// The licence issuers of the departments of the PKI. A department's key is decrypted on its
/// first use and then kept in memory for the life of the process, with its issuer
/// (<see cref="DepartmentLicenceIssuers"/>): each issue records the licence and its <c>licence.issue</c> audit entry
/// in one store transaction.
/// </summary>
internal sealed class DepartmentIssuers : IDisposable
{
    private readonly string _pkiDirectory;
    private readonly string _passphrase;
    private readonly TrustStore _store;
    private readonly IssuingDepartmentDirectory _directory;
    private readonly Dictionary<string, PkiAuthority> _authorities;
    private readonly ConcurrentDictionary<string, Lazy<Loaded>> _loaded = new(StringComparer.Ordinal);

    public DepartmentIssuers(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, TrustStore store)
    {
        _pkiDirectory = pkiDirectory;
        _passphrase = passphrase;
        _store = store;
        _directory = IssuingDepartmentDirectory.From(manifest);
        _authorities = manifest.Authorities.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    /// <summary>The departments of the PKI (canonical codes, licence forms, choice by licence type).</summary>
    public IssuingDepartmentDirectory Directory => _directory;

    /// <summary>The canonical department codes.</summary>
    public IReadOnlyCollection<string> Codes => [.. _directory.Departments.Select(d => d.Code)];

    /// <summary>Whether the PKI has <paramref name="department"/> (a canonical code).</summary>
    public bool Contains(string department) => _directory.Find(department) is not null;

    /// <summary>
    /// Issues a licence of <paramref name="department"/> (null for an unknown department): the licence and its
    /// audit entry are stored together or not at all.
    /// </summary>
    /// <exception cref="TrustKeyException">The department's key cannot be loaded or refused to sign.</exception>
    /// <exception cref="TrustFormatException">The request does not fit the licence type (see <see cref="LicenceIssuer.IssueAsync"/>).</exception>
    public async Task<SignedLicence?> IssueAsync(string department, LicenceIssueRequest request, CancellationToken cancellationToken)
    {
        if (Load(department) is not { } loaded)
        {
            return null;
        }

        return await loaded.Issuer.IssueAsync(request, cancellationToken).ConfigureAwait(false);
    }

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
        if (_directory.Find(department) is not { } entry || !DepartmentCode.IsValid(entry.Code))
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
        var options = DepartmentLicenceIssuers.Options(department.Code, key, chain, "grpc:" + department.Code);
        return new Loaded(DepartmentLicenceIssuers.Create(options, _store), key, chain);
    }

    private sealed record Loaded(LicenceIssuer Issuer, Core.Crypto.SigningKey Key, IReadOnlyList<byte[]> Chain);
}
