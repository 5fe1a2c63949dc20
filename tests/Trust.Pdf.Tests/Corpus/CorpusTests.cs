using Trust.Core;
using Trust.Pdf.Tests.Support;
using Trust.Pdf.Tests.Verification;

namespace Trust.Pdf.Tests.Corpus;

/// <summary>Every corpus file seals, verifies with our verifier, pdfsig and qpdf --check.</summary>
public sealed class CorpusTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    public static TheoryData<string> SealableFiles => new()
    {
        "gs-basic.pdf", "gs-pdfa2b.pdf", "gs-pdfa2b-cmyk.pdf", "qpdf-objstm.pdf", "qpdf-linearized.pdf", "qpdf-rotated.pdf",
        "poppler-unite.pdf", "cairo-rsvg.pdf", "imagemagick.pdf", "poppler-signed.pdf", "hybrid-xrefstm.pdf",
        "mupdf-clean.pdf", "chromium.pdf", "libreoffice.pdf", "libreoffice-pdfa2b.pdf",
        "hand-mediabox-offset.pdf", "hand-rotated-90.pdf", "hand-rotated-180.pdf", "hand-rotated-270.pdf",
        "hand-trailing-garbage.pdf", "hand-wrong-startxref.pdf", "hand-acroform.pdf",
    };

    [Theory]
    [MemberData(nameof(SealableFiles))]
    public void Corpus_file_seals_and_verifies_independently(string name)
    {
        var path = corpus.PathOf(name);
        Assert.True(File.Exists(path), $"{name} was not produced by make-corpus.sh: {corpus.Log}");
        var original = File.ReadAllBytes(path);
        var sealedPdf = Sealing.Seal(original, TestPki.Rsa);
        Assert.Equal(original, sealedPdf[..original.Length]);

        var report = VerificationTests.Verify(sealedPdf, TestPki.Rsa);
        var ours = report.Seals[^1];
        Assert.Equal(PdfSealIntegrity.Intact, ours.Integrity);
        Assert.Equal("trusted", ours.CertificateStatus);
        Assert.True(ours.CoversWholeDocument);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid || name == "poppler-signed.pdf", string.Join(", ", report.Seals.SelectMany(s => s.Reasons)));

        var output = ExternalTools.TempFile(sealedPdf);
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", "-nocert", output);
            var last = ExternalTools.PdfSigBlocks(sig)[^1];
            Assert.Contains("Signature is Valid.", last, StringComparison.Ordinal);
            Assert.Contains("Total document signed", last, StringComparison.Ordinal);

            var (code, check) = ExternalTools.Run("qpdf", "--check", output);
            var (origCode, _) = ExternalTools.Run("qpdf", "--check", path);
            Assert.True(code == 0 || (code == 3 && origCode == 3), check);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [MemberData(nameof(SealableFiles))]
    public void Corpus_file_seals_with_sm2_and_verifies(string name)
    {
        var original = File.ReadAllBytes(corpus.PathOf(name));
        var sealedPdf = Sealing.Seal(original, TestPki.Sm2);
        Assert.Equal(original, sealedPdf[..original.Length]);
        var report = VerificationTests.Verify(sealedPdf, TestPki.Sm2);
        var ours = report.Seals[^1];
        Assert.True(ours.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", ours.Reasons));
        Assert.Equal("SM2-SM3", ours.Algorithm);
        Assert.True(ours.CoversWholeDocument);
    }

    [Fact]
    public void Pdfsig_signature_stays_valid_after_our_seal_and_both_are_reported()
    {
        var sealedPdf = Sealing.Seal(File.ReadAllBytes(corpus.PathOf("poppler-signed.pdf")), TestPki.Rsa);
        var output = ExternalTools.TempFile(sealedPdf);
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", "-nocert", output);
            var blocks = ExternalTools.PdfSigBlocks(sig);
            Assert.Equal(2, blocks.Count);
            Assert.All(blocks, b => Assert.Contains("Signature is Valid.", b, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(output);
        }

        var report = VerificationTests.Verify(sealedPdf, TestPki.Rsa);
        Assert.Equal(2, report.Seals.Count);
        var poppler = report.Seals.Single(s => s.FieldName == "PopplerSig");
        Assert.True(poppler.Integrity == PdfSealIntegrity.Intact, string.Join(", ", poppler.Reasons));
        Assert.False(poppler.ModifiedAfter);
        Assert.Equal("untrusted", poppler.CertificateStatus); // self-signed by the corpus script
        Assert.Null(poppler.SealId);
        Assert.Contains(poppler.ChangesAfter, c => c.Kind == "signature-added" && c.Permitted);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Seals.Single(s => s.FieldName != "PopplerSig").Verdict);
    }

    [Fact]
    public void Encrypted_file_is_refused_clearly_before_writing()
    {
        var original = File.ReadAllBytes(corpus.PathOf("qpdf-encrypted.pdf"));
        using var input = new MemoryStream(original);
        using var output = new MemoryStream();
        var ex = Assert.Throws<TrustFormatException>(() => PdfSealer.Seal(input, output, Sealing.Options(TestPki.Rsa)));
        Assert.Equal("encrypt", ex.Field);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Pdfa_file_keeps_every_catalog_entry_after_sealing()
    {
        var sealedPdf = Sealing.Seal(File.ReadAllBytes(corpus.PathOf("gs-pdfa2b.pdf")), TestPki.Rsa);
        using var before = new MemoryStream(File.ReadAllBytes(corpus.PathOf("gs-pdfa2b.pdf")));
        using var after = new MemoryStream(sealedPdf);
        using var original = Trust.Pdf.Internal.Reader.PdfRevisionReader.Open(before);
        using var sealedReader = Trust.Pdf.Internal.Reader.PdfRevisionReader.Open(after);
        Assert.True(original.Catalog.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.Metadata));
        foreach (var (key, value) in original.Catalog.Data)
        {
            Assert.True(sealedReader.Catalog.Data.ContainsKey(key), key);
            Assert.True(key == "AcroForm" || Trust.Pdf.Internal.ChangeAnalysis.TokenComparer.Equal(value, sealedReader.Catalog.Data[key]), key);
        }
    }
}
