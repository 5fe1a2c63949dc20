using QRCoder;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Status;
using Xunit.Abstractions;

namespace Trust.Core.Tests.Licences;

/// <summary>Licences against the production <see cref="CertificateValidator"/> and <see cref="CertificateBuilder"/> certificates.</summary>
public sealed class LicenceWithProductionValidatorTests(ITestOutputHelper output)
{
    private sealed record Pki(SigningKey LeafKey, byte[] Root, byte[] Ca, byte[] Leaf);

    private static Pki Build(KeyAlgorithm algorithm)
    {
        var rootKey = TestIssuerPki.NewKey(algorithm);
        var caKey = TestIssuerPki.NewKey(algorithm);
        var leafKey = TestIssuerPki.NewKey(algorithm);
        var start = LicenceFixture.Now.AddYears(-1);
        var root = new CertificateBuilder(new CertificateSubject("Trust Root CA " + algorithm, "Trust Test"), rootKey.PublicKey)
        { IsCertificateAuthority = true, KeyUsage = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyCertSign | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.CrlSign, NotBefore = start, NotAfter = start.AddYears(20) }.SelfSign(rootKey);
        var ca = new CertificateBuilder(new CertificateSubject("Trust Issuing CA " + algorithm, "Trust Test"), caKey.PublicKey)
        { IsCertificateAuthority = true, PathLength = 0, KeyUsage = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyCertSign | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.CrlSign, NotBefore = start, NotAfter = start.AddYears(10) }.Sign(root, rootKey);
        var leaf = new CertificateBuilder(new CertificateSubject("Market Regulation Bureau licence issuer", "Hangzhou SAMR", "Licences"), leafKey.PublicKey)
        { NotBefore = start, NotAfter = start.AddYears(5) }.WithSignerRole(SignerRole.LicenceIssuer, "SAMR3301", TestPki.AllLicenceKinds).Sign(ca, caKey);
        return new Pki(leafKey, root, ca, leaf);
    }

    private static LicenceIssuer Issuer(Pki pki, IReadOnlyList<byte[]> chain, InMemoryLicenceStore store) =>
        new(new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = pki.LeafKey, CertificateChain = chain, StatusListId = "SAMR3301-L1" },
            store, new SplitAuditedWrites(store, new InMemoryAuditLog()), timeProvider: new ManualTimeProvider(LicenceFixture.Now));

    [Theory]
    [InlineData(KeyAlgorithm.Sm2)]
    [InlineData(KeyAlgorithm.Rsa)]
    [InlineData(KeyAlgorithm.EcP256)]
    public async Task Licence_with_full_chain_verifies_with_the_production_validator(KeyAlgorithm algorithm)
    {
        var pki = Build(algorithm);
        var store = new InMemoryLicenceStore();
        var licence = await Issuer(pki, [pki.Leaf, pki.Ca], store).IssueAsync(LicenceFixture.ExampleRequest("BL"));
        var verifier = new LicenceVerifier(new CertificateValidator([pki.Root]), new StoreStatusSource(store), timeProvider: new ManualTimeProvider(LicenceFixture.Now));
        var result = await verifier.VerifyAsync(licence.Encoded);
        Assert.True(result.IsValid, result.ToString());

        var stranger = new LicenceVerifier(new CertificateValidator([Build(algorithm).Root]), new StoreStatusSource(store), timeProvider: new ManualTimeProvider(LicenceFixture.Now));
        Assert.Equal(LicenceVerdict.Untrusted, (await stranger.VerifyAsync(licence.Encoded)).Verdict);
    }

    [Fact]
    public async Task Leaf_only_x5chain_verifies_when_the_verifier_knows_the_intermediates_and_gives_a_smaller_qr()
    {
        var pki = Build(KeyAlgorithm.Sm2);
        var store = new InMemoryLicenceStore();
        var full = await Issuer(pki, [pki.Leaf, pki.Ca], store).IssueAsync(LicenceFixture.ExampleRequest("BL"));
        var leafOnly = await Issuer(pki, [pki.Leaf], store).IssueAsync(LicenceFixture.ExampleRequest("BL"));

        var withIntermediates = new LicenceVerifier(new CertificateValidator([pki.Root], [pki.Ca]), new StoreStatusSource(store), timeProvider: new ManualTimeProvider(LicenceFixture.Now));
        Assert.True((await withIntermediates.VerifyAsync(leafOnly.Encoded)).IsValid);
        var anchorsOnly = new LicenceVerifier(new CertificateValidator([pki.Root]), new StoreStatusSource(store), timeProvider: new ManualTimeProvider(LicenceFixture.Now));
        Assert.Equal(LicenceVerdict.Untrusted, (await anchorsOnly.VerifyAsync(leafOnly.Encoded)).Verdict);

        using var generator = new QRCodeGenerator();
        int Version(SignedLicence l) => generator.CreateQrCode(l.ToQrText(), QRCodeGenerator.ECCLevel.M).Version;
        var fullVersion = Version(full);
        var leafVersion = Version(leafOnly);
        output.WriteLine($"QR (ECC M), business licence, SM2 issuer: chain leaf+CA {full.Encoded.Length} B COSE, {full.ToQrText().Length} chars, version {fullVersion}; leaf only {leafOnly.Encoded.Length} B, {leafOnly.ToQrText().Length} chars, version {leafVersion}; certs {pki.Leaf.Length}+{pki.Ca.Length} B");
        Assert.True(leafVersion < fullVersion);
        Assert.InRange(fullVersion, 1, 40);
    }
}
