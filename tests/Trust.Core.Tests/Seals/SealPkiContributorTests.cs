using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Seals;

namespace Trust.Core.Tests.Seals;

/// <summary>A small development PKI (4 departments, 7 seals) made with the seal contributor.</summary>
public sealed class SealPkiFixture : IDisposable
{
    public SealPkiFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "trust-seal-pki-" + Guid.NewGuid().ToString("N"));
        var options = new DevelopmentPkiOptions { Departments = 4, Seals = 7, Passphrase = "test-passphrase" };
        options.Contributors.Add(new SealPkiContributor());
        Manifest = DevelopmentPki.Create(Directory, options);
    }

    public string Directory { get; }

    public DevelopmentPkiManifest Manifest { get; }

    public CertificateValidator Validator() => new(
        CertificatePem.LoadFile(Path.Combine(Directory, "ca/trust-anchors.pem")),
        CertificatePem.LoadFile(Path.Combine(Directory, "ca/intermediates.pem")),
        CertificatePem.LoadCrlFile(Path.Combine(Directory, "crl/all.pem")));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class SealPkiContributorTests(SealPkiFixture pki) : IClassFixture<SealPkiFixture>
{
    [Fact]
    public void Pki_init_writes_the_seals_and_lists_them_in_the_manifest()
    {
        var reloaded = DevelopmentPkiManifest.Load(pki.Directory);
        var entries = SealPkiContributor.ReadEntries(reloaded);

        Assert.Equal(7, entries.Count);
        Assert.Equal(4, entries.Select(e => e.Department).Distinct().Count());
        Assert.All(entries, e => Assert.True(File.Exists(Path.Combine(pki.Directory, e.File)), e.File));
        Assert.Contains(entries, e => e.Algorithm == "SM2-SM3");
        Assert.Contains(entries, e => e.Algorithm == "RSA-SHA256");
    }

    [Fact]
    public void Every_development_seal_signs_and_verifies_with_the_pki_validator()
    {
        var manifest = DevelopmentPkiManifest.Load(pki.Directory);
        var registry = SealPkiContributor.LoadRegistry(pki.Directory, manifest);
        var verifier = new SealSignatureVerifier(pki.Validator(), registry.Revocations);
        var data = "document"u8.ToArray();

        foreach (var record in registry.List())
        {
            var department = manifest.Departments.Single(d => d.Code == record.Department);
            using var key = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, department.Key), "test-passphrase", out _);
            var cert = CertificatePem.LoadFile(Path.Combine(pki.Directory, department.Certificate))[0];

            var signature = new SealSigner(registry.Revocations).Sign(registry.GetUsable(record.Id).Seal, cert, key, new MemoryStream(data));
            var result = verifier.Verify(signature.Encode(), new MemoryStream(data));

            Assert.True(result.IsValid, $"{record.Id}: {string.Join(", ", result.Reasons)}");
            Assert.Equal(record.Algorithm, result.Algorithm);
        }
    }

    [Fact]
    public void Seal_from_another_pki_is_untrusted_by_the_pki_validator()
    {
        var f = SealFixture.Shared;
        var signature = new SealSigner().Sign(f.Sm2Seal(), f.Sm2Signer.Certificate, f.Sm2Signer.Key, new MemoryStream([1]));

        var result = new SealSignatureVerifier(pki.Validator()).Verify(signature, new MemoryStream([1]));

        Assert.Equal(["maker.chain_untrusted", "signer.chain_untrusted"], result.Reasons);
    }
}
