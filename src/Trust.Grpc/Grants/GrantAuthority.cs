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

    private readonly Lazy<(GrantIssuer Issuer, SigningKey Key)> _issuer;

    public GrantAuthority(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, TrustStore store, CertificateValidator trust, LicenceVerifier verifier)
    {
        Catalog = ServiceCatalog.Default;
        Checker = new GrantChecker(trust, store, store, verifier, store, Catalog);
        ShortCodes = new GrantShortCodes(store);
        _issuer = new Lazy<(GrantIssuer, SigningKey)>(() => CreateIssuer(pkiDirectory, manifest, passphrase, store), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The service items.</summary>
    public ServiceCatalog Catalog { get; }

    /// <summary>Checks grants (and audits every check).</summary>
    public GrantChecker Checker { get; }

    /// <summary>Short codes of grants.</summary>
    public GrantShortCodes ShortCodes { get; }

    /// <summary>Issues and revokes grants.</summary>
    /// <exception cref="TrustKeyException">The PKI has no usable grant-signing key.</exception>
    public GrantIssuer Issuer => _issuer.Value.Issuer;

    public void Dispose()
    {
        if (_issuer.IsValueCreated)
        {
            _issuer.Value.Key.Dispose();
        }
    }

    private static (GrantIssuer, SigningKey) CreateIssuer(string pkiDirectory, DevelopmentPkiManifest manifest, string passphrase, TrustStore store)
    {
        var entry = manifest.FindKey(SigningKeyId) ?? throw new TrustKeyException($"the PKI has no {SigningKeyId} key");
        var chain = CertificatePem.LoadFile(Path.Combine(pkiDirectory, entry.Certificate));
        var key = PrivateKeyPem.LoadFile(Path.Combine(pkiDirectory, entry.Key), passphrase, out _);
        var issuer = new GrantIssuer(new GrantIssuerOptions { SigningKey = key, CertificateChain = [.. chain], Actor = "grpc" }, store, store);
        return (issuer, key);
    }
}
