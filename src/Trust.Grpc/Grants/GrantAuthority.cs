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

    private readonly Lazy<(GrantIssuerOptions Options, SigningKey Key)> _issuer;
    private readonly TrustStore _store;

    public GrantAuthority(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, TrustStore store, CertificateValidator trust, LicenceVerifier verifier, GrantVerificationLimits? limits = null)
    {
        _store = store;
        Catalog = ServiceCatalog.Default;
        Departments = IssuingDepartmentDirectory.From(manifest);
        Checker = new GrantChecker(trust, store, store, verifier, store, Catalog, limits: limits);
        ShortCodes = new GrantShortCodes(store);
        _issuer = new Lazy<(GrantIssuerOptions, SigningKey)>(() => CreateIssuer(pkiDirectory, manifest, passphrase, store), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The service items.</summary>
    public ServiceCatalog Catalog { get; }

    /// <summary>The PKI's departments: a licence's department is shown by its canonical code (<c>PSB-01</c>).</summary>
    public IssuingDepartmentDirectory Departments { get; }

    /// <summary>Checks grants (and audits every check).</summary>
    public GrantChecker Checker { get; }

    /// <summary>Short codes of grants.</summary>
    public GrantShortCodes ShortCodes { get; }

    /// <summary>
    /// Issues a grant: the grant record and its <c>grant.issue</c> audit entry are stored in one transaction
    /// (<see cref="AtomicGrantIssue"/>).
    /// </summary>
    /// <exception cref="TrustKeyException">The PKI has no usable grant-signing key.</exception>
    /// <exception cref="TrustFormatException">The request does not fit (see <see cref="GrantIssuer.IssueAsync"/>).</exception>
    public Task<SignedGrant> IssueAsync(GrantIssueRequest request, CancellationToken cancellationToken)
    {
        var atomic = new AtomicGrantIssue(_store);
        return new GrantIssuer(_issuer.Value.Options, atomic, atomic, Catalog).IssueAsync(request, cancellationToken);
    }

    /// <summary>
    /// Revokes a grant and appends <c>grant.revoke</c> in one transaction (what <see cref="GrantIssuer.RevokeAsync"/>
    /// does in two steps). False, changing nothing, when the grant was already revoked.
    /// </summary>
    public async Task<bool> RevokeAsync(string grantId, string reason, CancellationToken cancellationToken)
    {
        var details = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["reason"] = reason });
        return await _store.RevokeGrantWithAuditAsync(grantId, reason, DateTimeOffset.UtcNow, Actor, details, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Whether a grant with this id was ever issued (recorded in the store).</summary>
    public async Task<bool> IsIssuedAsync(string grantId, CancellationToken cancellationToken) =>
        await _store.GetGrantAsync(grantId, cancellationToken).ConfigureAwait(false) is not null;

    public void Dispose()
    {
        if (_issuer.IsValueCreated)
        {
            _issuer.Value.Key.Dispose();
        }
    }

    private static (GrantIssuerOptions, SigningKey) CreateIssuer(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, TrustStore store)
    {
        var entry = manifest.FindKey(SigningKeyId) ?? throw new TrustKeyException($"the PKI has no {SigningKeyId} key");
        var chain = CertificatePem.LoadFile(Path.Combine(pkiDirectory, entry.Certificate));
        var key = PrivateKeyPem.LoadFile(Path.Combine(pkiDirectory, entry.Key), passphrase, out _);
        var options = new GrantIssuerOptions { SigningKey = key, CertificateChain = [.. chain], Actor = Actor };
        _ = new GrantIssuer(options, store, store); // checks key and chain once, at load
        return (options, key);
    }
}
