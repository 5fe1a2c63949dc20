using Grpc.Core;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>A server whose PKI revokes one client certificate in the RSA issuing CA's CRL before the server starts.</summary>
public sealed class RevokedClientServer : ServerProcess
{
    public const string RevokedName = "revoked-platform";
    public const string GoodName = "good-platform";

    protected override Task PreparePkiAsync(string pkiDirectory)
    {
        var manifest = DevelopmentPki.Create(pkiDirectory, new DevelopmentPkiOptions { Departments = 2, Seals = 0, Force = true });
        var clients = Path.Combine(Directory, "clients");
        DevelopmentClientCertificates.Issue(pkiDirectory, Path.Combine(clients, GoodName), GoodName, [TrustRoles.Verifier], []);
        var revokedPath = DevelopmentClientCertificates.Issue(pkiDirectory, Path.Combine(clients, RevokedName), RevokedName, [TrustRoles.Verifier], []);
        var revokedSerial = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(CertificatePem.LoadFile(revokedPath)[0]).SerialNumberBytes.ToArray();

        var authority = manifest.FindAuthority("rsa-issuing")!;
        using var caKey = PrivateKeyPem.LoadFile(Path.Combine(pkiDirectory, authority.Key), DevelopmentPki.ResolvePassphrase(), out _);
        var caCert = CertificatePem.LoadFile(Path.Combine(pkiDirectory, authority.Certificate))[0];
        var crl = new CrlBuilder { CrlNumber = 2, ThisUpdate = DateTimeOffset.UtcNow.AddMinutes(-1), NextUpdate = DateTimeOffset.UtcNow.AddDays(1) }
            .AddRevoked(revokedSerial, DateTimeOffset.UtcNow.AddMinutes(-1))
            .Sign(caCert, caKey);
        File.WriteAllText(Path.Combine(pkiDirectory, authority.Crl), CertificatePem.ExportCrl(crl));
        File.WriteAllText(Path.Combine(pkiDirectory, "crl", "all.pem"), string.Concat(manifest.Authorities.Select(a => File.ReadAllText(Path.Combine(pkiDirectory, a.Crl)))));
        return Task.CompletedTask;
    }
}

/// <summary>Client certificates revoked in the PKI's CRL are refused (UNAUTHENTICATED); the same CA's other certificates work.</summary>
public sealed class RevokedClientCertificateTests : IClassFixture<RevokedClientServer>
{
    private readonly RevokedClientServer _server;

    public RevokedClientCertificateTests(RevokedClientServer server) => _server = server;

    private System.Security.Cryptography.X509Certificates.X509Certificate2 Load(string name)
    {
        var stem = Path.Combine(_server.Directory, "clients", name);
        return System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromEncryptedPemFile(stem + ".pem", DevelopmentPki.ResolvePassphrase(), stem + ".key.pem");
    }

    [Fact]
    public async Task Revoked_client_certificate_is_unauthenticated_and_a_good_one_passes()
    {
        using var good = Load(RevokedClientServer.GoodName);
        using (var channel = _server.TlsChannel(good))
        {
            var notFound = await Assert.ThrowsAsync<RpcException>(() => new LicenceService.LicenceServiceClient(channel).GetAsync(new GetLicenceRequest { LicenceId = "x" }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        }

        using var revoked = Load(RevokedClientServer.RevokedName);
        using (var channel = _server.TlsChannel(revoked))
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => new LicenceService.LicenceServiceClient(channel).GetAsync(new GetLicenceRequest { LicenceId = "x" }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
            Assert.Contains("Revoked", ex.Status.Detail, StringComparison.Ordinal);
        }
    }
}
