using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;

namespace Trust.Core.Tests.Pki;

/// <summary>A one-department development PKI (default passphrase, as the server and CLI use it).</summary>
public sealed class TokenPkiFixture : IDisposable
{
    public TokenPkiFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "trust-token-pki-" + Guid.NewGuid().ToString("N"));
        DevelopmentPki.Create(Directory, new DevelopmentPkiOptions { Departments = 1, Seals = 0 });
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class DevelopmentTokensTests(TokenPkiFixture pki) : IClassFixture<TokenPkiFixture>
{
    private static DevelopmentTokenRequest Request(string role = "clerk")
    {
        var request = new DevelopmentTokenRequest { Subject = "clerk-0042" };
        request.Roles.Add(role);
        return request;
    }

    [Fact]
    public void Token_is_an_es256_jws_whose_signature_verifies_with_the_published_public_key()
    {
        var request = Request("issuer");
        request.Departments.Add("SAMR");
        request.Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var token = DevelopmentTokens.Mint(pki.Directory, request);

        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(DevelopmentTokens.Issuer, payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal(DevelopmentTokens.Audience, payload.RootElement.GetProperty("aud").GetString());
        Assert.Equal("clerk-0042", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal(1_800_000_000 + 3600, payload.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal("issuer", payload.RootElement.GetProperty("role")[0].GetString());
        Assert.Equal("SAMR", payload.RootElement.GetProperty("dept")[0].GetString());

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(Path.Combine(pki.Directory, DevelopmentTokens.PublicKeyPath)));
        var signature = Base64Url.DecodeFromChars(parts[2]);
        Assert.Equal(64, signature.Length);
        Assert.True(ecdsa.VerifyData(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Signing_key_is_created_once_and_encrypted_even_when_processes_race()
    {
        var kids = new string[8];
        Parallel.For(0, kids.Length, i =>
        {
            using var key = DevelopmentTokens.LoadOrCreateSigningKey(pki.Directory);
            kids[i] = DevelopmentTokens.KeyId(key.PublicKey);
        });
        Assert.Single(kids.Distinct());
        Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(Path.Combine(pki.Directory, DevelopmentTokens.SigningKeyPath)), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(pki.Directory, "keys"), "*.tmp"));
    }

    [Theory]
    [InlineData("", "clerk", null, 60)]
    [InlineData("x", "Clerk", null, 60)]
    [InlineData("x", "clerk", "samr", 60)]
    [InlineData("x", "clerk", "A B", 60)]
    [InlineData("x", "clerk", null, 0)]
    [InlineData("x", "clerk", null, 1441)]
    public void Bad_requests_are_refused_naming_the_field(string subject, string role, string? department, int minutes)
    {
        var request = new DevelopmentTokenRequest { Subject = subject, Lifetime = TimeSpan.FromMinutes(minutes) };
        request.Roles.Add(role);
        if (department is not null)
        {
            request.Departments.Add(department);
        }

        Assert.Throws<TrustFormatException>(() => DevelopmentTokens.Mint(pki.Directory, request));
    }

    [Fact]
    public void Request_without_roles_or_with_a_non_p256_key_is_refused()
    {
        Assert.Throws<TrustFormatException>(() => DevelopmentTokens.Mint(pki.Directory, new DevelopmentTokenRequest { Subject = "x" }));
        using var rsa = RsaSigningKey.Generate();
        Assert.Throws<TrustKeyException>(() => DevelopmentTokens.Mint(rsa, Request()));
        Assert.Throws<TrustException>(() => DevelopmentTokens.Mint(Path.Combine(pki.Directory, "nope"), Request()));
    }

    [Fact]
    public void Client_certificate_carries_roles_and_departments_and_chains_to_the_pki()
    {
        var stem = Path.Combine(pki.Directory, "clients", "platform-1");
        var path = DevelopmentClientCertificates.Issue(pki.Directory, stem, "platform-1", ["verifier", "issuer"], ["SAMR"]);
        using var cert = X509Certificate2.CreateFromEncryptedPemFile(path, DevelopmentPki.ResolvePassphrase(), stem + ".key.pem");
        Assert.True(cert.HasPrivateKey);
        var san = cert.Extensions["2.5.29.17"]!.Format(false);
        Assert.Contains("urn:trust:role:verifier", san, StringComparison.Ordinal);
        Assert.Contains("urn:trust:role:issuer", san, StringComparison.Ordinal);
        Assert.Contains("urn:trust:dept:SAMR", san, StringComparison.Ordinal);

        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca", "trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca", "intermediates.pem")),
            CertificatePem.LoadCrlFile(Path.Combine(pki.Directory, "crl", "all.pem")));
        Assert.True(validator.Validate(cert.RawData, [], DateTimeOffset.UtcNow, CertificateUsage.TlsClient).IsTrusted);

        Assert.Throws<TrustFormatException>(() => DevelopmentClientCertificates.Issue(pki.Directory, stem + "-bad", "x", ["ADMIN"], []));
        Assert.Throws<TrustFormatException>(() => DevelopmentClientCertificates.Issue(pki.Directory, stem + "-bad", "x", ["admin"], ["dept with spaces"]));
    }
}
