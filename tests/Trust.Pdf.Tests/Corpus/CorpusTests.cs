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

    [Theory]
    [MemberData(nameof(SealableFiles))]
    public void Corpus_file_bit_flip_is_invalid_and_a_later_page_change_is_modified(string name)
    {
        var original = File.ReadAllBytes(corpus.PathOf(name));
        var sealedPdf = Sealing.Seal(original, TestPki.Rsa);

        // One bit flipped inside the signed range (in the original bytes, away from the structure we parse first).
        var flipped = (byte[])sealedPdf.Clone();
        flipped[original.Length / 2] ^= 0x01;
        var broken = VerificationTests.Verify(flipped, TestPki.Rsa);
        Assert.True(broken.Verdict == PdfDocumentVerdict.Invalid, name + ": " + broken.Verdict + " " + string.Join(", ", broken.Reasons.Concat(broken.Seals.SelectMany(s => s.Reasons))));

        // A later revision replaces page 1's content: the document is modified and the change is named.
        var changed = AppendPageContentChange(sealedPdf);
        var report = VerificationTests.Verify(changed, TestPki.Rsa);
        Assert.True(report.Verdict == PdfDocumentVerdict.Modified, name + ": " + report.Verdict + " " + string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
        var ours = report.Seals[^1];
        Assert.Equal(PdfSealIntegrity.Intact, ours.Integrity);
        Assert.True(ours.ModifiedAfter);
        Assert.Contains(ours.ChangesAfter, c => !c.Permitted && c.Kind is "page-changed" or "page-content");
    }

    /// <summary>Appends a revision whose page 1 draws new content (an incremental saving attack).</summary>
    private static byte[] AppendPageContentChange(byte[] pdf)
    {
        using var ms = new MemoryStream(pdf, writable: false);
        using var reader = Trust.Pdf.Internal.Reader.PdfRevisionReader.Open(ms);
        var page = reader.GetPage(1);
        var contentNumber = (int)reader.NextObjectNumber;
        var newPage = page.Dictionary.With(UglyToad.PdfPig.Tokens.NameToken.Contents,
            new UglyToad.PdfPig.Tokens.IndirectReferenceToken(new UglyToad.PdfPig.Core.IndirectReference(contentNumber, 0)));
        var pageBody = System.Text.Encoding.Latin1.GetString(Trust.Pdf.Internal.Writer.PdfObjectSerializer.ToBytes(newPage));
        const string evil = "BT /F1 24 Tf 72 700 Td (Pay 900 EUR) Tj ET";
        return Increment.Append(pdf, new Dictionary<int, string>
        {
            [(int)page.Reference.ObjectNumber] = pageBody,
            [contentNumber] = $"<< /Length {evil.Length} >>\nstream\n{evil}\nendstream",
        });
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
