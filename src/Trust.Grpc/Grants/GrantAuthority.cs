using Trust.Application.Grants;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Grants;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Services;
using Trust.Storage;

namespace Trust.Grpc.Grants;

/// <summary>
/// The server's grant machinery: the issuer (the PKI's <c>grant-signing</c> key, decrypted on first use and
/// kept for the life of the process), the checker, and the short codes, all over the server's store.
/// </summary>
internal sealed class GrantAuthority : IDisposable
{
    /// <summary>Id of the grant-signing key in the PKI manifest.</summary>
    public const string SigningKeyId = "grant-signing";

    /// <summary>Actor of the grant.issue and grant.revoke audit entries written by the server.</summary>
    public const string Actor = "grpc";

    private readonly Lazy<(GrantIssuer Issuer, SigningKey Key)> _issuer;

    public GrantAuthority(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, TrustStore store, CertificateValidator trust, LicenceVerifier verifier, GrantVerificationLimits? limits = null)
    {
        Catalog = ServiceCatalog.Default;
        Departments = IssuingDepartmentDirectory.From(manifest);
        Checker = GrantChecks.Create(trust, store, verifier, Catalog, limits: limits);
        Revocations = new GrantRevocations(store, store);
        ShortCodes = new GrantShortCodes(store);
        _issuer = new Lazy<(GrantIssuer, SigningKey)>(() => CreateIssuer(pkiDirectory, manifest, passphrase, store, Catalog), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The service items.</summary>
    public ServiceCatalog Catalog { get; }

    /// <summary>The PKI's departments: a licence's department is shown by its canonical code (<c>PSB-01</c>).</summary>
    public IssuingDepartmentDirectory Departments { get; }

    /// <summary>Checks grants (and audits every check).</summary>
    public GrantChecker Checker { get; }

    /// <summary>Short codes of grants.</summary>
    public GrantShortCodes ShortCodes { get; }

    /// <summary>Revokes grants (refusing ids never issued), each with its audit entry in one transaction.</summary>
    public GrantRevocations Revocations { get; }

    /// <summary>
    /// Issues a grant: the grant record and its <c>grant.issue</c> audit entry are stored in one transaction
    /// (<see cref="Trust.Core.Storage.IAuditedWriteStore.RecordGrantWithAuditAsync"/>).
    /// </summary>
    /// <exception cref="TrustKeyException">The PKI has no usable grant-signing key.</exception>
    /// <exception cref="TrustFormatException">The request does not fit (see <see cref="GrantIssuer.IssueAsync"/>).</exception>
    public Task<SignedGrant> IssueAsync(GrantIssueRequest request, CancellationToken cancellationToken) =>
        _issuer.Value.Issuer.IssueAsync(request, cancellationToken);

    public void Dispose()
    {
        if (_issuer.IsValueCreated)
        {
            _issuer.Value.Key.Dispose();
        }
    }

    private static (GrantIssuer, SigningKey) CreateIssuer(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, TrustStore store, ServiceCatalog catalog)
    {
        var entry = manifest.FindKey(SigningKeyId) ?? throw new TrustKeyException($"the PKI has no {SigningKeyId} key");
        var chain = CertificatePem.LoadFile(Path.Combine(pkiDirectory, entry.Certificate));
        var key = PrivateKeyPem.LoadFile(Path.Combine(pkiDirectory, entry.Key), passphrase, out _);
        var options = new GrantIssuerOptions { SigningKey = key, CertificateChain = [.. chain], Actor = Actor };
        return (new GrantIssuer(options, store, catalog), key);
    }
}
