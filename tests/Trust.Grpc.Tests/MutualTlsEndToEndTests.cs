using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>Mutual TLS against the real server's <c>GrpcTls</c> endpoint: client certificates of the development PKI carry role and department.</summary>
[Collection(AuthServerCollection.Name)]
public sealed class MutualTlsEndToEndTests
{
    private readonly ServerProcess _server;

    public MutualTlsEndToEndTests(ServerProcess server) => _server = server;

    private static X509Certificate2 SelfSigned(string role)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=intruder", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(DevelopmentClientCertificates.RoleUriPrefix + role));
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12, "x"), "x");
    }

    [Fact]
    public async Task Client_certificate_of_the_pki_authenticates_with_its_role_and_department()
    {
        var department = _server.Departments[0];
        using var cert = _server.IssueClientCertificate("archive-system-1", [TrustRoles.Issuer], department);
        using var channel = _server.TlsChannel(cert);
        var licences = new LicenceService.LicenceServiceClient(channel);
        var issued = await licences.IssueAsync(TestLicences.Example(department));
        Assert.Equal(Verdict.Valid, (await licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence })).Result.Verdict);

        var other = await Assert.ThrowsAsync<RpcException>(() => licences.IssueAsync(TestLicences.Example(_server.Departments[1])).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        await _server.WaitForOutputAsync("refused PERMISSION_DENIED for archive-system-1 (Certificate)");
    }

    [Fact]
    public async Task The_pki_default_tls_client_certificate_is_a_verifier()
    {
        var stem = Path.Combine(_server.PkiDirectory, "tls", "client");
        using var cert = X509Certificate2.CreateFromEncryptedPemFile(stem + ".pem", DevelopmentPki.ResolvePassphrase(), stem + ".key.pem");
        using var channel = _server.TlsChannel(cert);
        var licences = new LicenceService.LicenceServiceClient(channel);
        var reply = await licences.VerifyAsync(new VerifyLicenceRequest { Licence = Google.Protobuf.ByteString.CopyFrom([0x30, 0x00]) });
        Assert.NotEqual(Verdict.Valid, reply.Result.Verdict);
        var issue = await Assert.ThrowsAsync<RpcException>(() => licences.IssueAsync(TestLicences.Example(_server.Departments[0])).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, issue.StatusCode);
    }

    [Fact]
    public async Task Self_signed_client_certificate_is_unauthenticated_even_when_it_claims_admin()
    {
        using var cert = SelfSigned(TrustRoles.Admin);
        using var channel = _server.TlsChannel(cert);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new LicenceService.LicenceServiceClient(channel).GetAsync(new GetLicenceRequest { LicenceId = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("certificate", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_of_another_ca_is_unauthenticated()
    {
        // A CA that is not this server's: its leaf carries a valid chain to the wrong root.
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Other CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=other-ca-client", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(DevelopmentClientCertificates.RoleUriPrefix + TrustRoles.Admin));
        leafRequest.CertificateExtensions.Add(san.Build());
        using var signed = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        using var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12, "x"), "x");
        using var channel = _server.TlsChannel(leaf);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new LicenceService.LicenceServiceClient(channel).GetAsync(new GetLicenceRequest { LicenceId = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Tls_without_a_client_certificate_still_serves_health_and_accepts_bearer_tokens()
    {
        using var channel = _server.TlsChannel(null);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status);
        var licences = new LicenceService.LicenceServiceClient(channel);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => licences.GetAsync(new GetLicenceRequest { LicenceId = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var notFound = await Assert.ThrowsAsync<RpcException>(() => licences.GetAsync(new GetLicenceRequest { LicenceId = "x" }, ServerProcess.Bearer(_server.MintToken(TrustRoles.Verifier))).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
    }
}
