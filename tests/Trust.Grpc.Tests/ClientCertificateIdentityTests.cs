using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Trust.Grpc.Security;

namespace Trust.Grpc.Tests;

/// <summary>Mapping client certificates to claims (no server needed), including hostile subject alternative names.</summary>
public sealed class ClientCertificateIdentityTests
{
    private static X509Certificate2 Certificate(params X509Extension[] extensions)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=platform-7", key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void Role_and_department_uris_become_claims_and_unknown_roles_are_dropped()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("urn:trust:role:sealer"));
        san.AddUri(new Uri("urn:trust:role:superuser"));
        san.AddUri(new Uri("urn:trust:dept:SAMR"));
        san.AddDnsName("platform.example");
        using var cert = Certificate(san.Build());
        var claims = ClientCertificateIdentity.ClaimsOf(cert, "test");
        Assert.Equal("platform-7", claims.Single(c => c.Type == TrustClaims.Subject).Value);
        Assert.Equal(["sealer"], claims.Where(c => c.Type == TrustClaims.Role).Select(c => c.Value));
        Assert.Equal(["SAMR"], claims.Where(c => c.Type == TrustClaims.Department).Select(c => c.Value));
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x05, 0x86, 0x10, 0x41 })] // URI longer than its sequence
    [InlineData(new byte[] { 0x30 })]
    [InlineData(new byte[] { 0x04, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x86, 0x01, 0xFF })] // not IA5
    public void Malformed_subject_alternative_name_gives_no_roles(byte[] raw)
    {
        using var cert = Certificate(new X509Extension("2.5.29.17", raw, critical: false));
        var claims = ClientCertificateIdentity.ClaimsOf(cert, "test");
        Assert.DoesNotContain(claims, c => c.Type == TrustClaims.Role);
    }
}
