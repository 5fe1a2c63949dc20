using System.Text;
using Trust.Pdf.Internal.Conformance;
using Trust.Pdf.Tests.Corpus;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Conformance;

/// <summary>
/// Sealing keeps PDF/A-2b conformance: the focused check of <see cref="PdfAIncrementCheck"/> passes on
/// sealed PDF/A-2b files from Ghostscript (RGB and CMYK OutputIntent) and LibreOffice, and it does find
/// the rules an update can break.
/// </summary>
public sealed class PdfAConformanceTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    public static TheoryData<string, string> PdfAFiles => new()
    {
        { "gs-pdfa2b.pdf", "RSA" }, { "gs-pdfa2b.pdf", "SM2" },
        { "gs-pdfa2b-cmyk.pdf", "RSA" }, { "gs-pdfa2b-cmyk.pdf", "SM2" },
        { "libreoffice-pdfa2b.pdf", "RSA" }, { "libreoffice-pdfa2b.pdf", "SM2" },
    };

    [Theory]
    [MemberData(nameof(PdfAFiles))]
    public void Sealed_pdfa2b_file_still_passes_the_pdfa_checks(string name, string algorithm)
    {
        var original = File.ReadAllBytes(corpus.PathOf(name));
        Assert.Equal(("2", "B"), Claimed(original));
        var pki = algorithm == "RSA" ? TestPki.Rsa : TestPki.Sm2;

        var once = Sealing.Seal(original, pki);
        Assert.Empty(PdfAIncrementCheck.Check(once, original.Length));

        // A second seal is a second update that must keep conformance too.
        var twice = Sealing.Seal(once, pki, o => o.XMm = 100);
        Assert.Empty(PdfAIncrementCheck.Check(twice, once.Length));
        Assert.Equal(PdfDocumentVerdict.Valid, Verification.VerificationTests.Verify(twice, pki).Verdict);
    }

    [Fact]
    public void Seal_picture_uses_a_device_independent_space_when_the_output_intent_is_cmyk()
    {
        var rgb = Encoding.Latin1.GetString(Sealing.Seal(File.ReadAllBytes(corpus.PathOf("gs-pdfa2b.pdf")), TestPki.Rsa));
        var cmyk = Encoding.Latin1.GetString(Sealing.Seal(File.ReadAllBytes(corpus.PathOf("gs-pdfa2b-cmyk.pdf")), TestPki.Rsa));
        Assert.Contains("/ColorSpace /DeviceRGB", rgb, StringComparison.Ordinal);
        Assert.Contains("/ColorSpace [/CalRGB", cmyk, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_that_breaks_pdfa_rules_is_reported_clause_by_clause()
    {
        var original = File.ReadAllBytes(corpus.PathOf("gs-pdfa2b-cmyk.pdf"));
        var sealedPdf = Sealing.Seal(original, TestPki.Rsa);
        var hostile = Increment.Append(sealedPdf, new Dictionary<int, string>
        {
            [900] = "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Interpolate true /Filter /LZWDecode /Length 3 >>\nstream\nabc\nendstream",
            [901] = "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Bad) /F 2 /Rect [0 0 10 10] /AP << /N 902 0 R /D 902 0 R >> /A << /S /JavaScript /JS (app.alert(1)) >> >>",
            [902] = "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 903 0 R >> >> /Length 35 >>\nstream\n1 0 0 rg BT /F1 9 Tf (x) Tj ET\nendstream",
            [903] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            [904] = "<< /Type /Annot /Subtype /Movie /F 4 /Rect [0 0 0 0] >>",
        });

        var clauses = PdfAIncrementCheck.Check(hostile, sealedPdf.Length).Select(v => v.Clause).ToHashSet();
        Assert.True(clauses.Count > 0, string.Join(",", clauses));
        foreach (var expected in new[] { "6.1.3", "6.1.7.2", "6.2.8", "6.2.4.3", "6.3.1", "6.3.2", "6.3.3", "6.4.1", "6.6.1", "6.2.11.4" })
        {
            Assert.True(clauses.Contains(expected), expected + " missing from " + string.Join(",", clauses));
        }
    }

    [Fact]
    public void Broken_signature_structure_is_a_6_4_3_violation()
    {
        var original = File.ReadAllBytes(corpus.PathOf("gs-pdfa2b.pdf"));
        var sealedPdf = Sealing.Seal(original, TestPki.Rsa);
        var range = Increment.LastByteRange(sealedPdf);
        var d = range[3].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shorter = (range[3] - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(d.Length);
        var at = sealedPdf.AsSpan(original.Length).IndexOf("/ByteRange [0 "u8) + original.Length;
        var attacked = Increment.Patch(sealedPdf, " " + d + " ", " " + shorter + " ", at);
        Assert.Contains(PdfAIncrementCheck.Check(attacked, original.Length), v => v.Clause == "6.4.3");
    }

    [Fact]
    public void Hidden_seal_widget_is_a_6_3_2_violation()
    {
        var original = File.ReadAllBytes(corpus.PathOf("gs-pdfa2b.pdf"));
        var sealedPdf = Sealing.Seal(original, TestPki.Rsa);
        var hidden = Increment.Patch(sealedPdf, "/F 132", "/F 134", original.Length);
        Assert.Contains(PdfAIncrementCheck.Check(hidden, original.Length), v => v.Clause == "6.3.2");
    }

    private static (string, string)? Claimed(byte[] pdf)
    {
        using var ms = new MemoryStream(pdf);
        using var reader = Trust.Pdf.Internal.Reader.PdfRevisionReader.Open(ms);
        return PdfAProfile.Claimed(reader);
    }
}
