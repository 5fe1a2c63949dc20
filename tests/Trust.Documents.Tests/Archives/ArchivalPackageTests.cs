using System.Text;
using Trust.Core.Results;
using Trust.Documents.Archives;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Archives;

/// <summary>
/// The four-property check of an archival package (DA/T 70): a package of a sealed PDF/A licence file, a sealed OFD and
/// an XML form passes; each tampering is caught by the right property with the right reason.
/// </summary>
public sealed class ArchivalPackageTests
{
    private static readonly Lazy<ArchivalPackageBuildResult> Built = new(() => ArchivalCase.Build());

    private static byte[] Package => Built.Value.Package;

    private static string Why(ArchivalPackageReport report) => string.Join("\n", report.Files.Select(f =>
        $"{f.Path}: A[{string.Join(",", f.Authenticity.Reasons)}] I[{string.Join(",", f.Integrity.Reasons)}] U[{string.Join(",", f.Usability.Reasons)}] S[{string.Join(",", f.Security.Reasons)}]"));

    private static ArchivalFileReport File(ArchivalPackageReport report, string path) => Assert.Single(report.Files, f => f.Path == path);

    [Fact]
    public void Packed_case_passes_all_four_properties_for_every_file()
    {
        var report = ArchivalCase.Check(Package);

        Assert.True(report.IsPassed, Why(report));
        Assert.Equal("CASE-2026-0001", report.CaseId);
        Assert.Equal(Built.Value.Sm3, report.Sm3);
        Assert.Equal(TestSeal.SealId, report.PackageSeal.SealId);
        Assert.NotNull(report.PackageSeal.TimestampTime);
        Assert.Empty(report.PackageSeal.Reasons);
        Assert.Equal("PDF/A-3B", File(report, "documents/licence.pdf").Format);
        Assert.Equal(1, File(report, "documents/licence.pdf").Seals);
        Assert.Equal("OFD", File(report, "documents/licence.ofd").Format);
        Assert.Equal(1, File(report, "documents/licence.ofd").Seals);
        Assert.Equal("XML", File(report, "documents/forms/application.xml").Format);
        Assert.All(Built.Value.Documents, d => Assert.True(d.Passed));
    }

    [Fact]
    public async Task Evidence_record_beside_the_package_counts_and_a_forged_one_fails_authenticity()
    {
        // trust archive renew writes PACKAGE.ers: one RFC 4998 record over the package bytes.
        var batch = new Trust.Core.Evidence.EvidenceRecordBatch(Trust.Core.Crypto.DigestAlgorithm.Sha256);
        batch.AddNew(System.Security.Cryptography.SHA256.HashData(Package));
        var record = Assert.Single(await batch.StampAsync(TestTsa.Shared.Client)).Encode();
        var dir = Directory.CreateTempSubdirectory("trust-ers-");
        try
        {
            var path = Path.Combine(dir.FullName, "case.zip");
            await System.IO.File.WriteAllBytesAsync(path, Package);
            Assert.Null(EvidenceRecordSidecar.Find(path));
            await System.IO.File.WriteAllBytesAsync(path + EvidenceRecordSidecar.Suffix, record);

            var report = ArchivalCase.Check(Package, EvidenceRecordSidecar.Find(path)!);
            Assert.True(report.IsPassed, Why(report));
            var evidence = Assert.Single(report.Evidence);
            Assert.Equal("rfc4998", evidence.Kind);
            Assert.Empty(evidence.Reasons);
            Assert.NotNull(evidence.ProvenAt);

            // The record of another package proves nothing about this one: authenticity fails, never passes.
            var other = new Trust.Core.Evidence.EvidenceRecordBatch(Trust.Core.Crypto.DigestAlgorithm.Sha256);
            other.AddNew(System.Security.Cryptography.SHA256.HashData("another package"u8));
            var forged = Assert.Single(await other.StampAsync(TestTsa.Shared.Client)).Encode();
            var refused = ArchivalCase.Check(Package, new EvidenceRecordSidecar(forged));
            Assert.False(refused.IsPassed);
            Assert.NotEmpty(Assert.Single(refused.Evidence).Reasons);
            Assert.Null(refused.Evidence[0].ProvenAt);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Sm2_package_seal_with_an_sm3_time_stamp_passes()
    {
        var built = ArchivalCase.Build(sealPki: TestPki.Sm2);

        var report = ArchivalCase.Check(built.Package);

        Assert.True(report.IsPassed, Why(report));
        Assert.Equal("SM2-SM3", report.PackageSeal.Algorithm);
        Assert.NotNull(report.PackageSeal.TimestampTime);
    }

    [Fact]
    public void Same_case_at_the_same_time_gives_the_same_bytes()
    {
        var clock = new ArchivalCase.FixedClock(DateTimeOffset.UtcNow.AddMinutes(-5));

        var first = ArchivalCase.Build(timestamp: false, clock: clock);
        var second = ArchivalCase.Build(timestamp: false, clock: clock);

        Assert.Equal(first.Package, second.Package);
        Assert.Equal(first.Sm3, second.Sm3);
    }

    [Fact]
    public void Package_has_the_documented_layout_with_sorted_entries_at_a_fixed_time()
    {
        var entries = ArchivalCase.Entries(Package);

        foreach (var path in new[]
        {
            "manifest.xml", "signature/manifest.ses", "metadata/case.xml",
            "documents/licence.pdf", "documents/licence.ofd", "documents/forms/application.xml",
            "metadata/documents/licence.pdf.xml", "metadata/documents/forms/application.xml.xml",
            "validation/licence.pdf.report.xml", "validation/licence.ofd.report.xml",
        })
        {
            Assert.True(entries.ContainsKey(path), path);
        }

        Assert.Contains(entries.Keys, k => k.StartsWith("evidence/certs/", StringComparison.Ordinal) && k.EndsWith(".cer", StringComparison.Ordinal));
        Assert.Equal(ArchivalCase.SealedPdf, entries["documents/licence.pdf"]);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(Package));
        Assert.Equal(zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal), zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(2000, 1, 1), e.LastWriteTime.DateTime));
        var manifest = Encoding.UTF8.GetString(entries["manifest.xml"]);
        Assert.Contains($"Path=\"documents/licence.pdf\" Size=\"{ArchivalCase.SealedPdf.Length}\" SM3=\"{ArchivalPackageLayout.Sm3Hex(ArchivalCase.SealedPdf)}\"", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("signature/manifest.ses", manifest, StringComparison.Ordinal);
        var report = Encoding.UTF8.GetString(entries["validation/licence.pdf.report.xml"]);
        Assert.Contains("Verdict=\"valid\"", report, StringComparison.Ordinal);
        Assert.Contains("SealId=\"" + TestSeal.SealId + "\"", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_replaced_fails_integrity_with_digest_mismatch()
    {
        var tampered = ArchivalCase.With(Package, e => e["documents/forms/application.xml"] = Encoding.UTF8.GetBytes("<Application><Applicant>别的公司</Applicant></Application>"));

        var report = ArchivalCase.Check(tampered);

        var form = File(report, "documents/forms/application.xml");
        Assert.Equal(Indication.Failed, form.Integrity.Indication);
        Assert.Contains(ArchivalReasons.DigestMismatch, form.Integrity.Reasons);
        Assert.Contains(ArchivalReasons.MetadataMismatch, form.Integrity.Reasons);
        Assert.True(form.Usability.IsPassed && form.Security.IsPassed && form.Authenticity.IsPassed, Why(report));
        Assert.True(File(report, "documents/licence.pdf").Outcome.IsPassed, Why(report));
        Assert.False(report.IsPassed);
        Assert.Equal(Indication.Failed, report.Integrity.Indication);
    }

    [Fact]
    public void File_added_fails_integrity_with_file_added()
    {
        var tampered = ArchivalCase.With(Package, e => e["documents/extra.xml"] = ArchivalCase.Form);

        var report = ArchivalCase.Check(tampered);

        Assert.Contains(ArchivalReasons.FileAdded, File(report, "documents/extra.xml").Integrity.Reasons);
        Assert.True(File(report, "documents/licence.ofd").Outcome.IsPassed, Why(report));
        Assert.False(report.Integrity.IsPassed);
    }

    [Fact]
    public void File_removed_fails_integrity_with_file_missing()
    {
        var tampered = ArchivalCase.With(Package, e => e.Remove("documents/licence.ofd"));

        var report = ArchivalCase.Check(tampered);

        var missing = File(report, "documents/licence.ofd");
        Assert.Contains(ArchivalReasons.FileMissing, missing.Integrity.Reasons);
        Assert.Equal(Indication.Indeterminate, missing.Usability.Indication);
        Assert.False(report.IsPassed);
    }

    [Fact]
    public void Manifest_edited_to_hide_a_replaced_document_fails_integrity_and_authenticity()
    {
        var replacement = Encoding.UTF8.GetBytes("<Application><Applicant>别的公司</Applicant></Application>");
        var tampered = ArchivalCase.With(Package, e =>
        {
            var original = ArchivalCase.Form;
            e["documents/forms/application.xml"] = replacement;
            e["manifest.xml"] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(e["manifest.xml"])
                .Replace(ArchivalPackageLayout.Sm3Hex(original), ArchivalPackageLayout.Sm3Hex(replacement), StringComparison.Ordinal)
                .Replace($"Size=\"{original.Length}\"", $"Size=\"{replacement.Length}\"", StringComparison.Ordinal));
        });

        var report = ArchivalCase.Check(tampered);

        Assert.DoesNotContain(ArchivalReasons.DigestMismatch, File(report, "documents/forms/application.xml").Integrity.Reasons);
        Assert.Contains(ArchivalReasons.ManifestSignatureInvalid, File(report, "manifest.xml").Integrity.Reasons);
        Assert.Contains(ArchivalReasons.ManifestSignatureInvalid, File(report, "documents/forms/application.xml").Integrity.Reasons);
        Assert.Contains(ArchivalReasons.ManifestSignatureInvalid, report.PackageSeal.Reasons);
        Assert.Equal(Indication.Failed, report.Authenticity.Indication);
        Assert.False(report.IsPassed);
    }

    [Fact]
    public void Package_seal_stripped_fails_authenticity_of_every_file()
    {
        var tampered = ArchivalCase.With(Package, e => e.Remove(ArchivalPackageLayout.PackageSealPath));

        var report = ArchivalCase.Check(tampered);

        Assert.All(report.Files, f => Assert.Contains(ArchivalReasons.PackageSealMissing, f.Authenticity.Reasons));
        Assert.True(File(report, "documents/licence.pdf").Integrity.IsPassed, Why(report));
        Assert.Equal(Indication.Failed, report.Authenticity.Indication);
    }

    [Fact]
    public void Document_seal_stripped_fails_authenticity_with_seal_missing()
    {
        var tampered = ArchivalCase.With(Package, e => e["documents/licence.pdf"] = ArchivalCase.UnsealedPdf);

        var report = ArchivalCase.Check(tampered);

        var pdf = File(report, "documents/licence.pdf");
        Assert.Contains(ArchivalReasons.SealMissing + ":0_of_1", pdf.Authenticity.Reasons);
        Assert.Contains(ArchivalReasons.DigestMismatch, pdf.Integrity.Reasons);
        Assert.Equal(0, pdf.Seals);
    }

    [Fact]
    public void Encrypted_pdf_is_refused_at_ingest_and_fails_security_when_accepted()
    {
        var encrypted = QpdfEncrypt(ArchivalCase.SealedPdf);
        IReadOnlyList<ArchivalDocument> documents = [new("licence.pdf", encrypted), new("forms/application.xml", ArchivalCase.Form)];

        var refused = Assert.Throws<ArchivalIngestRefusedException>(() => ArchivalCase.Build(documents));
        var report = ArchivalCase.Check(ArchivalCase.Build(documents, acceptInvalid: true).Package);

        Assert.Equal("licence.pdf", Assert.Single(refused.Refused).Name);
        var pdf = File(report, "documents/licence.pdf");
        Assert.Contains(ArchivalReasons.Encrypted, pdf.Security.Reasons);
        Assert.Equal(Indication.Failed, pdf.Security.Indication);
        Assert.True(pdf.Integrity.IsPassed, Why(report));
        Assert.True(File(report, "documents/forms/application.xml").Outcome.IsPassed, Why(report));
    }

    [Theory]
    [InlineData("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", "archive.active_content:javascript")]
    [InlineData("/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", "archive.active_content:javascript")]
    [InlineData("/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (x) >>] >> >>", "archive.active_content:javascript")]
    [InlineData("/OpenAction << /S /Launch /F (calc.exe) >>", "archive.active_content:launch")]
    [InlineData("/OpenAction << /S /URI /URI (http://example.com/) >>", "archive.external_reference:uri")]
    [InlineData("/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>", "archive.external_reference:goto_remote")]
    [InlineData("/AcroForm << /Fields [] /XFA (x) >>", "archive.active_content:xfa")]
    public void Pdf_with_active_content_or_external_reference_fails_security(string catalog, string reason)
    {
        var pdf = ArchivalCase.Pdf(catalog);
        var report = ArchivalCase.Check(ArchivalCase.Build([new("evil.pdf", pdf)], acceptInvalid: true).Package);

        var file = File(report, "documents/evil.pdf");
        Assert.Contains(reason, file.Security.Reasons);
        Assert.Equal(Indication.Failed, file.Security.Indication);
        Assert.Contains(file.Usability.Reasons, r => r.StartsWith(ArchivalReasons.FormatNotArchival, StringComparison.Ordinal));
        Assert.True(file.Integrity.IsPassed, Why(report));
    }

    [Fact]
    public void Plain_pdf_without_active_content_fails_only_usability()
    {
        var report = ArchivalCase.Check(ArchivalCase.Build([new("plain.pdf", ArchivalCase.Pdf(""))], acceptInvalid: true).Package);

        var file = File(report, "documents/plain.pdf");
        Assert.True(file.Security.IsPassed, Why(report));
        Assert.Contains(ArchivalReasons.FormatNotArchival + ":pdf_without_pdfa_identification", file.Usability.Reasons);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "archive.xml_dtd")]
    [InlineData("<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"http://example.com/x.xml\"/></a>", "archive.external_reference:xinclude")]
    [InlineData("<?xml-stylesheet href=\"http://example.com/s.xsl\"?><a/>", "archive.external_reference:stylesheet")]
    [InlineData("<a href=\"https://example.com/\"/>", "archive.external_reference:url")]
    public void Xml_with_dtd_or_external_reference_fails_security(string xml, string reason)
    {
        var report = ArchivalCase.Check(ArchivalCase.Build([new("form.xml", Encoding.UTF8.GetBytes(xml))], acceptInvalid: true).Package);

        var file = File(report, "documents/form.xml");
        Assert.Contains(reason, file.Security.Reasons);
        Assert.Equal(Indication.Failed, file.Security.Indication);
        Assert.True(file.Integrity.IsPassed, Why(report));
    }

    [Fact]
    public void Unknown_format_fails_usability_and_is_refused_at_ingest()
    {
        IReadOnlyList<ArchivalDocument> documents = [new("notes.txt", Encoding.UTF8.GetBytes("plain text"))];

        Assert.Throws<ArchivalIngestRefusedException>(() => ArchivalCase.Build(documents));
        var report = ArchivalCase.Check(ArchivalCase.Build(documents, acceptInvalid: true).Package);

        Assert.Contains(ArchivalReasons.FormatNotArchival, File(report, "documents/notes.txt").Usability.Reasons);
    }

    [Fact]
    public void Package_without_timestamp_is_indeterminate_for_authenticity()
    {
        var report = ArchivalCase.Check(ArchivalCase.Build(timestamp: false).Package);

        Assert.Equal(Indication.Indeterminate, report.Authenticity.Indication);
        Assert.Contains(ArchivalReasons.TimestampMissing, report.PackageSeal.Reasons);
        Assert.True(report.Integrity.IsPassed && report.Usability.IsPassed && report.Security.IsPassed);
    }

    [Fact]
    public void Additional_evidence_counts_against_authenticity_and_moves_the_validation_time()
    {
        var proven = DateTimeOffset.UtcNow.AddMinutes(-1);
        var evidence = new Evidence(proven, []);
        var good = ArchivalCase.Check(Package, evidence);
        var bad = ArchivalCase.Check(Package, new Evidence(null, ["timestamp.imprint_mismatch"]));

        Assert.True(good.IsPassed, Why(good));
        Assert.Equal(proven, good.ValidationTime);
        Assert.Equal(Built.Value.Sm3, evidence.SeenSm3);
        Assert.Equal(proven, Assert.Single(good.Evidence).ProvenAt);
        Assert.Contains("timestamp.imprint_mismatch", bad.Files[0].Authenticity.Reasons);
        Assert.False(bad.IsPassed);
    }

    [Fact]
    public void Package_time_stamp_keeps_document_seals_valid_after_their_certificates_expire()
    {
        // The RSA test signer's certificate expires in 2 years, the TSA's in 3: at 2.5 years the PDF seal alone has no
        // proof of existence, but the package time-stamp proves the document existed while the certificate was valid.
        var later = DateTimeOffset.UtcNow.AddDays(913);
        var options = new ArchivalCheckOptions { Verification = new ArchivalVerificationOptions { CertificateValidator = ArchivalCase.Verification.CertificateValidator, ValidationTime = later } };
        using var pdf = new MemoryStream(ArchivalCase.SealedPdf);
        var alone = Trust.Pdf.PdfSealVerifier.Verify(pdf, new Trust.Pdf.PdfVerificationOptions { CertificateValidator = ArchivalCase.Verification.CertificateValidator, ValidationTime = later });

        var report = ArchivalPackageChecker.Check(Package, options);

        Assert.Contains("certificate.expired_no_poe", alone.Outcome.Reasons);
        Assert.True(report.IsPassed, Why(report));
        Assert.Equal(report.PackageSeal.TimestampTime, report.DocumentValidationTime);
        Assert.Equal(later, report.ValidationTime);
    }

    [Fact]
    public void Package_sealed_by_a_department_that_does_not_archive_fails_authenticity()
    {
        ArchivalPackageReport Check(params string[] departments) => ArchivalPackageChecker.Check(Package, new ArchivalCheckOptions
        {
            Verification = ArchivalCase.Verification,
            ArchivingDepartments = new HashSet<string>(departments, StringComparer.Ordinal),
        });

        var refused = Check("ARC");
        var accepted = Check("ARC", TestSeal.Department);

        Assert.Contains(ArchivalReasons.PackageSealNotEntitled + ":" + TestSeal.Department, refused.Files[0].Authenticity.Reasons);
        Assert.Equal(Indication.Failed, refused.Authenticity.Indication);
        Assert.True(accepted.IsPassed, Why(accepted));
    }

    [Fact]
    public void Duplicate_or_unsafe_document_names_are_refused()
    {
        Assert.Throws<Trust.Core.TrustFormatException>(() => ArchivalCase.Build([new("a.xml", ArchivalCase.Form), new("A.xml", ArchivalCase.Form)]));
        Assert.Throws<Trust.Core.TrustFormatException>(() => ArchivalCase.Build([new("../a.xml", ArchivalCase.Form)]));
        Assert.Throws<Trust.Core.TrustFormatException>(() => ArchivalCase.Build([]));
    }

    [Fact]
    public void Independent_tools_agree_unzip_tests_the_package_and_openssl_sm3_matches_the_manifest()
    {
        var path = ExternalTools.TempFile(Package, ".zip");
        var pdf = ExternalTools.TempFile(ArchivalCase.SealedPdf, ".pdf");
        try
        {
            var unzip = ExternalTools.Run("unzip", "-t", path);
            Assert.True(unzip.ExitCode == 0, unzip.Output);
            var sm3 = ExternalTools.Run("openssl", "dgst", "-sm3", "-r", pdf);
            Assert.True(sm3.ExitCode == 0, sm3.Output);
            var manifest = Encoding.UTF8.GetString(ArchivalCase.Entries(Package)["manifest.xml"]);
            Assert.Contains($"Path=\"documents/licence.pdf\" Size=\"{ArchivalCase.SealedPdf.Length}\" SM3=\"{sm3.Output.Split(' ')[0]}\"", manifest, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(path);
            System.IO.File.Delete(pdf);
        }
    }

    [Fact]
    public void Every_archive_reason_is_catalogued_in_both_languages()
    {
        var codes = typeof(ArchivalReasons).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.True(codes.Count >= 20);
        Assert.All(codes, code =>
        {
            var entry = ReasonCatalog.Find(code);
            Assert.True(entry is not null, code);
            Assert.False(string.IsNullOrEmpty(entry!.Chinese));
        });
    }

    private static byte[] QpdfEncrypt(byte[] pdf)
    {
        var input = ExternalTools.TempFile(pdf);
        var output = input + ".enc.pdf";
        try
        {
            var run = ExternalTools.Run("qpdf", "--encrypt", "", "owner", "256", "--", input, output);
            Assert.True(run.ExitCode is 0 or 3, run.Output);
            return System.IO.File.ReadAllBytes(output);
        }
        finally
        {
            System.IO.File.Delete(input);
            System.IO.File.Delete(output);
        }
    }

    private sealed class Evidence(DateTimeOffset? provenAt, IReadOnlyList<string> reasons) : IArchivalEvidence
    {
        public string Kind => "test";

        public string? SeenSm3 { get; private set; }

        public ArchivalEvidenceResult Verify(ArchivalEvidenceContext context)
        {
            SeenSm3 = context.PackageSm3;
            return new(Kind, provenAt, reasons);
        }
    }
}
