using Trust.Core.Licences;
using Trust.Documents.Layout;
using Trust.Documents.Pdf;
using Trust.Documents.Tests.Support;
using Trust.Pdf;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Files;

public class PdfLicenceFileTests
{
    [Fact]
    public void Rsa_sealed_licence_pdf_passes_qpdf_pdfsig_and_shows_holder_and_number()
    {
        var licence = LicenceFiles.Issue("BL");
        var file = LicenceFiles.RenderAndSeal(licence, LicenceFileFormat.Pdf, TestPki.Rsa);
        var path = ExternalTools.TempFile(file);
        try
        {
            var qpdf = ExternalTools.Run("qpdf", "--check", path);
            Assert.True(qpdf.ExitCode == 0, qpdf.Output);
            var pdfsig = ExternalTools.Run("pdfsig", path);
            Assert.Contains("Signature Validation: Signature is Valid.", pdfsig.Output, StringComparison.Ordinal);
            Assert.Contains("Total document signed", pdfsig.Output, StringComparison.Ordinal);
            var text = ExternalTools.Run("pdftotext", "-enc", "UTF-8", path, "-");
            Assert.Contains(licence.Payload.HolderName, text.Output, StringComparison.Ordinal);
            Assert.Contains(licence.Id, text.Output, StringComparison.Ordinal);
            Assert.Contains(LicenceCatalog.Default.Get("BL").NameZh, text.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        var report = LicenceFiles.Verify(file, TestPki.Rsa);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
        Assert.Equal(LicenceFileFormat.Pdf, report.Format);
        Assert.True(report.Licence.MatchesPage);
        Assert.Equal(licence.Id, report.Licence.Id);
    }

    [Fact]
    public void Sm2_sealed_licence_pdf_verifies_valid_and_keeps_pdfa3_identification()
    {
        var licence = LicenceFiles.Issue("BL");
        var unsealed = LicenceFileRenderer.Render(licence, LicenceFileFormat.Pdf);
        var text = System.Text.Encoding.Latin1.GetString(unsealed);
        Assert.Contains("/AFRelationship/Source", text, StringComparison.Ordinal);
        Assert.Contains("/GTS_PDFA1", text, StringComparison.Ordinal);
        Assert.Contains("<pdfaid:part>3</pdfaid:part>", System.Text.Encoding.UTF8.GetString(unsealed), StringComparison.Ordinal);
        var file = LicenceFileSealer.Seal(unsealed, LicenceFiles.SealOptions(TestPki.Sm2));
        Assert.True(file.AsSpan(0, unsealed.Length).SequenceEqual(unsealed), "the seal is an incremental update");
        Assert.Empty(PdfAChecks.SealIncrement(file, unsealed.Length));
        var report = LicenceFiles.Verify(file, TestPki.Sm2);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
        Assert.Equal("SM2-SM3", Assert.Single(report.Seals).Algorithm);
    }

    [Fact]
    public void A_byte_changed_in_the_sealed_pdf_makes_it_invalid()
    {
        var file = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Pdf, TestPki.Rsa);
        var text = System.Text.Encoding.Latin1.GetString(file);
        var at = text.IndexOf("Tj", StringComparison.Ordinal) - 3;
        file[at] = file[at] == (byte)'1' ? (byte)'2' : (byte)'1';
        var report = LicenceFiles.Verify(file, TestPki.Rsa);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
    }

    [Fact]
    public void Embedded_licence_swapped_for_another_genuine_licence_does_not_match_the_page()
    {
        var shown = LicenceFiles.Issue("BL");
        var other = LicenceFiles.Issue("BL");
        var rendered = RenderedPage.For(shown, null);
        var pdf = PdfA3Writer.Write(rendered.Page, rendered.Font, other.Encoded, rendered.Metadata, rendered.Title, DateTimeOffset.UtcNow);
        var file = LicenceFileSealer.Seal(pdf, LicenceFiles.SealOptions(TestPki.Rsa));
        var report = LicenceFiles.Verify(file, TestPki.Rsa);
        Assert.False(report.Licence.MatchesPage);
        Assert.Equal(other.Id, report.Licence.Id);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains(LicenceFileVerifier.PageMismatch, report.Reasons);
    }

    [Fact]
    public void Two_seals_on_one_licence_pdf_both_stay_valid()
    {
        var once = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Pdf, TestPki.Sm2);
        var twice = LicenceFileSealer.Seal(once, LicenceFiles.SealOptions(TestPki.Sm2));
        var report = LicenceFiles.Verify(twice, TestPki.Sm2);
        Assert.Equal(2, report.Seals.Count);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Seals.SelectMany(s => s.Reasons)));
    }

    [Fact]
    public void Hostile_pdfs_never_throw_and_never_verify()
    {
        var file = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Pdf, TestPki.Sm2);
        var random = new Random(19);
        var inputs = new List<byte[]> { "%PDF-1.7\n"u8.ToArray(), file[..(file.Length / 2)], file[..200], LicenceFileRenderer.Render(LicenceFiles.Issue("BL"), LicenceFileFormat.Pdf) };
        for (var i = 0; i < 10; i++)
        {
            var bytes = (byte[])file.Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
            inputs.Add(bytes);
            var junk = new byte[random.Next(10, 3000)];
            random.NextBytes(junk);
            "%PDF-1.7"u8.CopyTo(junk);
            inputs.Add(junk);
        }

        foreach (var input in inputs)
        {
            Assert.NotEqual(PdfDocumentVerdict.Valid, LicenceFiles.Verify(input, TestPki.Sm2).Verdict);
        }
    }
}
