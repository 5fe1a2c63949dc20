using Trust.Pdf.Tests.Support;
using Trust.Pdf.Tests.Verification;

namespace Trust.Pdf.Tests.Signing;

public sealed class EmptyFieldTests
{
    private static byte[] WithEmptySignatureField() => TestPdfs.Assemble(
    [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R] >>",
        "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 100 EUR) Tj ET\nendstream",
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Official) /Rect [300 100 450 250] /F 4 /P 4 0 R >>",
        "<< /Fields [6 0 R] >>",
    ]);

    [Fact]
    public void Named_empty_signature_field_is_filled_in_place_and_verifies()
    {
        var pdf = Sealing.Seal(WithEmptySignatureField(), TestPki.Rsa, o => o.FieldName = "Official");
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var rewritten = text[text.LastIndexOf("6 0 obj", StringComparison.Ordinal)..];
        rewritten = rewritten[..rewritten.IndexOf("endobj", StringComparison.Ordinal)];
        Assert.Contains("/Rect [300 100 450 250]", rewritten, StringComparison.Ordinal);
        Assert.Matches(@"/V \d+ 0 R", rewritten);
        Assert.Contains("/T <4F6666696369616C>", rewritten, StringComparison.Ordinal);
        var report = VerificationTests.Verify(pdf, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal("Official", Assert.Single(report.Seals).FieldName);

        var path = ExternalTools.TempFile(pdf);
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", "-nocert", path);
            Assert.Contains("Signature is Valid.", sig, StringComparison.Ordinal);
            Assert.Contains("Total document signed", sig, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sealing_after_a_filled_field_keeps_it_valid()
    {
        var once = Sealing.Seal(WithEmptySignatureField(), TestPki.Rsa, o => o.FieldName = "Official");
        var twice = Sealing.Seal(once, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, VerificationTests.Verify(twice, TestPki.Rsa).Verdict);
    }
}
