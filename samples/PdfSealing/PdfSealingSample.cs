using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Pdf;

namespace Trust.Samples.PdfSealing;

/// <summary>Seals a PDF with a GB/T 38540 seal (SM2) and verifies it, through the public API only.</summary>
public static class PdfSealingSample
{
    /// <summary>Seals <paramref name="inputPdf"/> into <paramref name="outputPdf"/> and returns the verification report.</summary>
    public static PdfVerificationReport Run(string inputPdf, string outputPdf)
    {
        // 1. Certificates. In production they come from your CA (or `trust pki init` for development).
        using var caKey = Sm2SigningKey.Generate();
        var caCert = new CertificateBuilder(new CertificateSubject("Sample Root CA", "Trust Samples"), caKey.PublicKey)
        {
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        }.SelfSign(caKey);

        using var makerKey = Sm2SigningKey.Generate();
        var makerCert = new CertificateBuilder(new CertificateSubject("Sample Seal Maker", "Trust Samples"), makerKey.PublicKey)
        {
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
        }.WithSignerRole(SignerRole.SealMaker).Sign(caCert, caKey);

        using var signerKey = Sm2SigningKey.Generate();
        var signerCert = new CertificateBuilder(new CertificateSubject("Sample Department Signer", "Sample City Market Regulation Bureau"), signerKey.PublicKey)
        {
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
        }.WithSignerRole(SignerRole.SealSigner, department: "SAMR").Sign(caCert, caKey);

        // 2. The seal maker makes the electronic seal (SES_Seal) that lists the department's signer.
        var seal = new SealMaker(makerCert, makerKey).Make(new SealRequest
        {
            EsId = "SAMPLE-01",
            Kind = SealKind.Official,
            Name = "Sample City Market Regulation Bureau Official Seal",
            SignerCertificates = [signerCert],
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidTo = DateTimeOffset.UtcNow.AddYears(1),
            Picture = SealPictures.CreatePng("SAMPLE CITY", "01"),
        });

        // 3. Seal page 1, 120 mm from the left and 40 mm from the bottom, as an incremental update.
        PdfSealer.Seal(inputPdf, outputPdf, new PdfSealOptions
        {
            Key = signerKey,
            CertificateChain = [signerCert, caCert],
            Seal = PdfSealData.FromSesSeal(seal, "Sample City Market Regulation Bureau"),
            Page = 1,
            XMm = 120,
            YMm = 40,
            Reason = "Licence issued",
            Location = "Sample City",
        });

        // 4. Verify: integrity, certificate at signing time, the seal, and later changes.
        var validator = new CertificateValidator([caCert]);
        return PdfSealVerifier.Verify(outputPdf, new PdfVerificationOptions { CertificateValidator = validator });
    }
}
