using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Samples.Licence;

/// <summary>Issues and verifies a business licence with nothing but Trust.Core's public API.</summary>
public static class LicenceSample
{
    /// <summary>Runs the sample, writing the licence id, its verdict and its QR text; returns 0 when valid.</summary>
    public static async Task<int> RunAsync(TextWriter output)
    {
        // A root CA and a department's SM2 licence-issuer certificate. In production: keys from encrypted PKCS#8 or an HSM.
        using var rootKey = Sm2SigningKey.Generate();
        using var issuerKey = Sm2SigningKey.Generate();
        var root = new CertificateBuilder(new CertificateSubject("Sample Root CA"), rootKey.PublicKey) { IsCertificateAuthority = true, KeyUsage = X509KeyUsageFlags.KeyCertSign }.SelfSign(rootKey);
        // The certificate says what the key may sign: licences of department SAMR3301, of market-regulation (SAMR) types.
        var issuerCertificate = new CertificateBuilder(new CertificateSubject("Sample licence issuer"), issuerKey.PublicKey)
            .WithSignerRole(SignerRole.LicenceIssuer, department: "SAMR3301", licenceKinds: ["SAMR"])
            .Sign(root, rootKey);

        // Issue a business licence (the catalog's example values stand in for real ones).
        var store = new InMemoryTrustStore(); // Trust.Storage has the SQLite and PostgreSQL stores
        var issuer = new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = issuerKey, CertificateChain = [issuerCertificate], StatusListId = "SAMR3301-L1" },
            store,
            store);
        var type = LicenceCatalog.Default.Get("BL");
        var fields = type.ExampleFields();
        var licence = await issuer.IssueAsync(new LicenceIssueRequest(type.Code, type.ExampleHolderId, fields[LicenceType.HolderNameField], fields));

        // Verify it against the trust anchor and the issuer's status.
        var verifier = new LicenceVerifier(new CertificateValidator([root]), new StoreStatusSource(store));
        var result = await verifier.VerifyAsync(licence.Encoded);
        await output.WriteLineAsync($"{licence.Id} {result.VerdictText} {licence.Encoded.Length} bytes");
        await output.WriteLineAsync(licence.ToQrText());
        return result.IsValid ? 0 : 1;
    }
}
