using Trust.Core;
using Trust.Pdf.Tests.Support;
using Trust.Pdf.Tests.Verification;

namespace Trust.Pdf.Tests.Signing;

public sealed class MultiSealAndDocMdpTests
{
    [Fact]
    public void After_a_second_seal_pdfsig_still_reports_the_first_valid()
    {
        var twice = Sealing.Seal(Sealing.Seal(TestPdfs.Simple(2), TestPki.Rsa), TestPki.Rsa, o => o.Page = 2);
        var path = ExternalTools.TempFile(twice);
        try
        {
            var (_, output) = ExternalTools.Run("pdfsig", "-nocert", path);
            var blocks = ExternalTools.PdfSigBlocks(output);
            Assert.Equal(2, blocks.Count);
            Assert.All(blocks, b => Assert.Contains("Signature is Valid.", b, StringComparison.Ordinal));
            Assert.DoesNotContain("Total document signed", blocks[0], StringComparison.Ordinal);
            Assert.Contains("Total document signed", blocks[1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sm2_and_rsa_seals_can_be_mixed_and_each_verifies()
    {
        var pdf = Sealing.Seal(Sealing.Seal(TestPdfs.Simple(), TestPki.Sm2), TestPki.Rsa, o => o.XMm = 100);
        using var ms = new MemoryStream(pdf);
        var report = PdfSealVerifier.Verify(ms, new PdfVerificationOptions { SkipCertificateValidation = true });
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(new[] { "SM2-SM3", "RSA-SHA256" }, report.Seals.Select(s => s.Algorithm ?? string.Empty).ToArray());
    }

    [Fact]
    public void Certified_first_seal_allows_later_seals_and_records_docmdp()
    {
        var certified = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, o => o.Certify = true);
        var text = System.Text.Encoding.Latin1.GetString(certified);
        Assert.Contains("/TransformMethod /DocMDP", text, StringComparison.Ordinal);
        Assert.Contains("/P 2", text, StringComparison.Ordinal);
        var twice = Sealing.Seal(certified, TestPki.Rsa, o => o.XMm = 120);
        Assert.Equal(PdfDocumentVerdict.Valid, VerificationTests.Verify(twice, TestPki.Rsa).Verdict);
    }

    [Fact]
    public void Certifying_an_already_signed_document_is_refused()
    {
        var once = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var ex = Assert.Throws<TrustFormatException>(() => Sealing.Seal(once, TestPki.Rsa, o => o.Certify = true));
        Assert.Equal("certify", ex.Field);
    }

    [Fact]
    public void Docmdp_p1_document_is_refused_before_writing()
    {
        var certified = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, o => o.Certify = true);
        // Same-length patch P 2 -> P 1 (this breaks the certification signature, which is fine: only the refusal is tested).
        var locked = Increment.Patch(certified, "/P 2 /V /1.2", "/P 1 /V /1.2");
        using var input = new MemoryStream(locked);
        using var output = new MemoryStream();
        var ex = Assert.Throws<TrustFormatException>(() => PdfSealer.Seal(input, output, Sealing.Options(TestPki.Rsa)));
        Assert.Equal("DocMDP", ex.Field);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Too_small_placeholder_fails_before_anything_is_written()
    {
        using var input = new MemoryStream(TestPdfs.Simple());
        using var output = new MemoryStream();
        var options = Sealing.Options(TestPki.Rsa, o => o.ContentsSize = 200);
        var ex = Assert.Throws<TrustFormatException>(() => PdfSealer.Seal(input, output, options));
        Assert.Equal("contents", ex.Field);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Placeholder_is_sized_from_the_real_signature_with_a_small_margin()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var range = Increment.LastByteRange(pdf);
        var reserved = (range[2] - range[1] - 2) / 2;
        var chainBytes = TestPki.Rsa.Chain.Sum(c => c.Length);
        Assert.InRange(reserved, chainBytes + 256, chainBytes + 256 + 6000);
    }

    [Fact]
    public void Existing_field_name_is_refused()
    {
        var once = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, o => o.FieldName = "Approval");
        var ex = Assert.Throws<TrustFormatException>(() => Sealing.Seal(once, TestPki.Rsa, o => o.FieldName = "Approval"));
        Assert.Equal("field", ex.Field);
    }
}
