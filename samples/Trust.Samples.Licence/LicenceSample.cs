using System.Security.Cryptography;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Licences;
using Trust.Core.Status;

namespace Trust.Samples.Licence;

/// <summary>Issues and verifies a business licence with nothing but Trust.Core's public API.</summary>
public static class LicenceSample
{
    /// <summary>Runs the sample, writing the licence id, its verdict and its QR text; returns 0 when valid.</summary>
    public static async Task<int> RunAsync(TextWriter output)
    {
        // An issuer key and certificate. In production: the department's key (encrypted PKCS#8 or HSM) and its CA-issued chain.
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = SampleSupport.SelfSignedCertificate(ecdsa, "CN=Sample licence issuer");
        var store = new SampleSupport.InMemoryLicenceStore();
        var issuer = new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = new EcdsaSigningKey(ecdsa), CertificateChain = [certificate], StatusListId = "SAMR3301-L1" },
            store,
            new SampleSupport.InMemoryAuditLog());

        // Issue a business licence (the catalog's example values stand in for real ones).
        var type = LicenceCatalog.Default.Get("BL");
        var fields = type.ExampleFields();
        var licence = await issuer.IssueAsync(new LicenceIssueRequest(type.Code, type.ExampleHolderId, fields[LicenceType.HolderNameField], fields));

        // Verify it: trust anchors (here: the pinned issuer certificate) and a status source.
        var verifier = new LicenceVerifier(new SampleSupport.PinnedCertificateValidator(certificate), new StoreStatusSource(store));
        var result = await verifier.VerifyAsync(licence.Encoded);
        await output.WriteLineAsync($"{licence.Id} {result.VerdictText} {licence.Encoded.Length} bytes");
        await output.WriteLineAsync(licence.ToQrText());
        return result.IsValid ? 0 : 1;
    }
}
