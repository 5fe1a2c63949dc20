using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Trust.Core.Audit;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Pdf;

// 1. A root CA and a department's SM2 licence issuer. In production: your CA, keys in encrypted PKCS#8 or an HSM.
using var rootKey = Sm2SigningKey.Generate();
using var issuerKey = Sm2SigningKey.Generate();
var root = new CertificateBuilder(new CertificateSubject("Sample Root CA"), rootKey.PublicKey)
{
    IsCertificateAuthority = true,
    KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
}.SelfSign(rootKey);
var issuerCertificate = new CertificateBuilder(new CertificateSubject("Sample licence issuer"), issuerKey.PublicKey)
    .WithSignerRole(SignerRole.LicenceIssuer, department: "SAMR3301", licenceKinds: ["SAMR"])
    .Sign(root, rootKey);

// 2. The usual .NET composition: one in-memory store, the verifiers built from options.
var services = new ServiceCollection()
    .AddTrustInMemoryStore()
    .AddTrustVerification(o => o.TrustAnchors.Add(root));
using var provider = services.BuildServiceProvider();
var store = provider.GetRequiredService<InMemoryTrustStore>();
var verifier = provider.GetRequiredService<LicenceVerifier>();
var failures = 0;

// 3. Issue a business licence, verify it, revoke it (one audited write), verify again.
var issuer = new LicenceIssuer(
    new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = issuerKey, CertificateChain = [issuerCertificate], StatusListId = "SAMR3301/licences" },
    store,
    store);
var type = LicenceCatalog.Default.Get("BL");
var fields = type.ExampleFields();
var licence = await issuer.IssueAsync(new LicenceIssueRequest(type.Code, type.ExampleHolderId, fields[LicenceType.HolderNameField], fields));
var fresh = await verifier.VerifyAsync(licence.Encoded);
failures += Report($"licence {licence.Id}", $"{fresh.VerdictText} {fresh.Outcome}", fresh.IsValid && fresh.Outcome.IsPassed);

var audited = provider.GetRequiredService<IAuditedWriteStore>();
await audited.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Revoked, "sample revocation", DateTimeOffset.UtcNow), "sample", "{}");
var revoked = await verifier.VerifyAsync(licence.Encoded);
failures += Report("after revocation", $"{revoked.VerdictText} {revoked.Outcome}",
    revoked.Verdict == LicenceVerdict.Revoked && revoked.Outcome.SubIndication == SubIndication.Revoked);

// 4. The audit log is a hash chain: issue and revocation, intact.
var chain = await AuditChainVerifier.VerifyAsync(store);
failures += Report("audit chain", $"{chain.EntriesChecked} entries, intact={chain.IsIntact}", chain.IsIntact && chain.EntriesChecked == 2);

// 5. Seal a PDF with a GB/T 38540 seal (SM2) and verify it with Trust.Pdf.
using var makerKey = Sm2SigningKey.Generate();
var makerCertificate = new CertificateBuilder(new CertificateSubject("Sample Seal Maker"), makerKey.PublicKey)
{
    KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
}.WithSignerRole(SignerRole.SealMaker).Sign(root, rootKey);
using var signerKey = Sm2SigningKey.Generate();
var signerCertificate = new CertificateBuilder(new CertificateSubject("Sample Department Signer"), signerKey.PublicKey)
{
    KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
}.WithSignerRole(SignerRole.SealSigner, department: "SAMR").Sign(root, rootKey);
var seal = new SealMaker(makerCertificate, makerKey).Make(new SealRequest
{
    EsId = "SAMPLE-01",
    Kind = SealKind.Official,
    Name = "Sample City Market Regulation Bureau Official Seal",
    SignerCertificates = [signerCertificate],
    ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
    ValidTo = DateTimeOffset.UtcNow.AddYears(1),
    Picture = SealPictures.CreatePng("SAMPLE CITY", "01"),
});
var folder = Directory.CreateTempSubdirectory("trust-sample-");
try
{
    var input = Path.Combine(folder.FullName, "in.pdf");
    var output = Path.Combine(folder.FullName, "sealed.pdf");
    File.WriteAllBytes(input, OnePagePdf());
    PdfSealer.Seal(input, output, new PdfSealOptions
    {
        Key = signerKey,
        CertificateChain = [signerCertificate, root],
        Seal = PdfSealData.FromSesSeal(seal, "Sample City Market Regulation Bureau"),
        Page = 1,
        XMm = 120,
        YMm = 40,
    });
    var report = PdfSealVerifier.Verify(output, new PdfVerificationOptions
    {
        CertificateValidator = provider.GetRequiredService<ICertificateValidator>(),
        SealRevocations = store,
    });
    failures += Report("sealed pdf", $"{report.Verdict} {report.Outcome}", report.Verdict == PdfDocumentVerdict.Valid);
}
finally
{
    folder.Delete(recursive: true);
}

Console.WriteLine(failures == 0 ? "all as expected" : $"{failures} unexpected answer(s)");
return failures == 0 ? 0 : 1;

static int Report(string what, string answer, bool expected)
{
    Console.WriteLine($"{what}: {answer}{(expected ? "" : "  <-- unexpected")}");
    return expected ? 0 : 1;
}

// A one-page PDF written by hand (ISO 32000-1 section 7.5): header, four objects, a cross-reference table, a trailer.
static byte[] OnePagePdf()
{
    const string content = "BT /F1 18 Tf 72 760 Td (Trust sample) Tj ET";
    string[] objects =
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];
    var pdf = new StringBuilder("%PDF-1.7\n");
    var offsets = new List<int>();
    for (var i = 0; i < objects.Length; i++)
    {
        offsets.Add(pdf.Length);
        pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
    }

    var xref = pdf.Length;
    pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
    foreach (var offset in offsets)
    {
        pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
    }

    pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    return Encoding.ASCII.GetBytes(pdf.ToString());
}
