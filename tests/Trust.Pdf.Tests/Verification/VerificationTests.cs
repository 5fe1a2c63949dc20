using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

public sealed class VerificationTests
{
    internal static PdfVerificationReport Verify(byte[] pdf, TestPki pki, bool skipChanges = false)
    {
        using var ms = new MemoryStream(pdf, writable: false);
        return PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = pki.Validator, SkipChangeAnalysis = skipChanges });
    }

    [Fact]
    public void Rsa_sealed_pdf_verifies_as_valid_with_seal_facts()
    {
        var report = Verify(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        var seal = Assert.Single(report.Seals);
        Assert.Equal(PdfSealIntegrity.Intact, seal.Integrity);
        Assert.Equal(TestSeal.SealId, seal.SealId);
        Assert.Equal(TestSeal.Department, seal.SealName);
        Assert.Null(seal.Department); // no seal registry given
        Assert.Equal("RSA-SHA256", seal.Algorithm);
        Assert.Equal("trusted", seal.CertificateStatus);
        Assert.True(seal.CoversWholeDocument);
        Assert.Equal(2, seal.CoversRevision);
        Assert.Equal("ETSI.CAdES.detached", seal.SubFilter);
    }

    [Fact]
    public void Department_is_the_registry_code_only_for_the_registered_seal()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var embedded = Trust.Core.Seals.Asn1.SesSeal.Decode(TestSeal.Create(TestPki.Rsa).SesSeal.Span);
        Trust.Core.Seals.SealRegistry Registry(Trust.Core.Seals.Asn1.SesSeal seal) => new(
            [new Trust.Core.Seals.SealRecord(TestSeal.SealId, TestSeal.Department, "SAMR-0101", Trust.Core.Seals.SealKind.Official, Trust.Core.Crypto.SignatureAlgorithm.RsaPkcs1Sha256, seal)]);
        PdfSealReport VerifyWith(Trust.Core.Seals.SealRegistry registry)
        {
            using var ms = new MemoryStream(pdf, writable: false);
            return PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator, SealRegistry = registry }).Seals[0];
        }

        var registered = VerifyWith(Registry(embedded));
        Assert.Equal("SAMR-0101", registered.Department);
        Assert.Equal(TestSeal.Department, registered.SealName);

        // Another seal registered under the same esID (the SM2 test seal) does not lend its department.
        var other = Trust.Core.Seals.Asn1.SesSeal.Decode(TestSeal.Create(TestPki.Sm2).SesSeal.Span);
        Assert.Null(VerifyWith(Registry(other)).Department);
    }

    [Fact]
    public void A_seal_revoked_in_the_revocation_source_makes_the_seal_and_the_document_invalid_with_seal_revoked()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        PdfVerificationReport VerifyWith(Trust.Core.Seals.ISealRevocationSource? revocations)
        {
            using var ms = new MemoryStream(pdf, writable: false);
            return PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator, SealRevocations = revocations });
        }

        var revocations = new Trust.Core.Seals.InMemorySealRevocations();
        Assert.Equal(PdfDocumentVerdict.Valid, VerifyWith(null).Verdict);
        Assert.Equal(PdfDocumentVerdict.Valid, VerifyWith(revocations).Verdict);
        revocations.Revoke("some-other-seal");
        Assert.Equal(PdfDocumentVerdict.Valid, VerifyWith(revocations).Verdict);

        revocations.Revoke(TestSeal.SealId);
        var report = VerifyWith(revocations);

        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        var seal = Assert.Single(report.Seals);
        Assert.Equal(PdfDocumentVerdict.Invalid, seal.Verdict);
        Assert.Contains(Trust.Core.Seals.SealReasons.Revoked, seal.Reasons);
        Assert.Equal(PdfSealIntegrity.Intact, seal.Integrity); // the bytes are fine; the seal is not
    }

    [Fact]
    public void Sm2_sealed_pdf_verifies_as_valid()
    {
        var report = Verify(Sealing.Seal(TestPdfs.Simple(), TestPki.Sm2), TestPki.Sm2);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal("SM2-SM3", report.Seals[0].Algorithm);
    }

    [Fact]
    public void Rsa_pss_and_pkcs7_subfilter_verify_as_valid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, o =>
        {
            o.Algorithm = Trust.Core.Crypto.SignatureAlgorithm.RsaPssSha256;
            o.SubFilter = PdfSignatureSubFilter.AdbePkcs7Detached;
        });
        var report = Verify(pdf, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal("RSA-PSS-SHA256", report.Seals[0].Algorithm);
        Assert.Equal("adbe.pkcs7.detached", report.Seals[0].SubFilter);
    }

    [Fact]
    public void Unsigned_pdf_is_reported_unsigned()
    {
        Assert.Equal(PdfDocumentVerdict.Unsigned, Verify(TestPdfs.Simple(), TestPki.Rsa).Verdict);
    }

    [Fact]
    public void Bit_flip_inside_the_signed_range_makes_the_seal_invalid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var range = Increment.LastByteRange(pdf);
        foreach (var position in new[] { 200L, range[1] - 50, range[2] + 10 })
        {
            var copy = (byte[])pdf.Clone();
            copy[position] ^= 0x01;
            var report = Verify(copy, TestPki.Rsa);
            Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
            Assert.NotEqual(PdfDocumentVerdict.Unsigned, report.Verdict);
        }

        var inText = Increment.Patch(pdf, "pay 100 EUR", "pay 900 EUR");
        var r = Verify(inText, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Invalid, r.Verdict);
        Assert.Contains("digest.mismatch", r.Seals[0].Reasons);
    }

    [Fact]
    public void Untrusted_signer_is_indeterminate_and_missing_validator_is_not_valid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        using var ms = new MemoryStream(pdf);
        var wrongAnchor = PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = TestPki.Sm2.Validator });
        Assert.Equal(PdfDocumentVerdict.Indeterminate, wrongAnchor.Verdict);
        ms.Position = 0;
        var none = PdfSealVerifier.Verify(ms, new PdfVerificationOptions());
        Assert.Equal(PdfDocumentVerdict.Indeterminate, none.Verdict);
        Assert.Equal("not-checked", none.Seals[0].CertificateStatus);
        ms.Position = 0;
        var skipped = PdfSealVerifier.Verify(ms, new PdfVerificationOptions { SkipCertificateValidation = true });
        Assert.Equal(PdfDocumentVerdict.Valid, skipped.Verdict);
        Assert.Contains("certificate", skipped.Skipped);
    }

    [Fact]
    public void Second_seal_keeps_the_first_valid_and_is_reported_as_permitted_change()
    {
        var once = Sealing.Seal(TestPdfs.Simple(2), TestPki.Rsa);
        var twice = Sealing.Seal(once, TestPki.Rsa, o => { o.Page = 2; });
        var report = Verify(twice, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(2, report.Seals.Count);
        var first = report.Seals[0];
        Assert.False(first.CoversWholeDocument);
        Assert.False(first.ModifiedAfter);
        Assert.Contains(first.ChangesAfter, c => c.Kind == "signature-added" && c.Permitted);
        Assert.True(report.Seals[1].CoversWholeDocument);
    }

    [Fact]
    public void Content_change_in_a_later_revision_is_modified_with_the_change_named()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        const string evil = "BT /F1 24 Tf 72 700 Td (Page 1: pay 900 EUR) Tj ET";
        var attacked = Increment.Append(pdf, new Dictionary<int, string> { [5] = $"<< /Length {evil.Length} >>\nstream\n{evil}\nendstream" });
        var report = Verify(attacked, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Equal(PdfSealIntegrity.Intact, report.Seals[0].Integrity);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "page-content" && !c.Permitted && c.ObjectNumber == 5);
    }

    [Fact]
    public void Skipping_change_analysis_is_reported_and_never_valid_for_partial_coverage()
    {
        var once = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var twice = Sealing.Seal(once, TestPki.Rsa);
        var report = Verify(twice, TestPki.Rsa, skipChanges: true);
        Assert.Contains("change-analysis", report.Skipped);
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Seals[0].Verdict);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Seals[1].Verdict);
    }
}

public sealed class EmbeddedSealTests
{
    [Fact]
    public void Forged_seal_maker_signature_makes_the_seal_invalid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, o => o.Seal = TestSeal.Forged());
        var report = VerificationTests.Verify(pdf, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains("seal.maker_signature_invalid", report.Seals[0].Reasons);
    }

    [Fact]
    public void Seal_that_does_not_list_the_signer_is_invalid()
    {
        // The SM2 PKI's seal lists the SM2 signer, not the RSA one.
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, o => o.Seal = TestSeal.Create(TestPki.Sm2));
        var report = VerificationTests.Verify(pdf, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains("seal.signer_not_listed", report.Seals[0].Reasons);
    }
}
