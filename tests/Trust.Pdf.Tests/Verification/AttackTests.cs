using System.Globalization;
using System.Text;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

/// <summary>
/// The published attack classes on PDF signatures, rebuilt from the papers' descriptions:
/// Mladenov et al., "1 Trillion Dollar Refund: How To Spoof PDF Signatures" (CCS 2019):
/// universal signature forgery (USF), incremental saving attack (ISA), signature wrapping (SWA);
/// Mainka et al., "Shadow Attacks: Hiding and Replacing Content in Signed PDFs" (NDSS 2021):
/// hide, replace, hide-and-replace. None may ever verify as valid.
/// </summary>
public sealed class AttackTests
{
    private static PdfVerificationReport Verify(byte[] pdf) => VerificationTests.Verify(pdf, TestPki.Rsa);

    /// <summary>A document whose single signature field points at a hand-written signature dictionary.</summary>
    private static byte[] WithSignatureDictionary(string signatureDictionary) => TestPdfs.Assemble(
    [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R] >>",
        "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 100 EUR) Tj ET\nendstream",
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Sig1) /V 7 0 R /Rect [0 0 0 0] /P 4 0 R >>",
        signatureDictionary,
    ]);

    [Theory]
    [InlineData("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached >>", "byterange.missing")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20 30] >>", "contents.missing")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20 30] /Contents <> >>", "contents.empty")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20 30] /Contents <0000000000> >>", "contents.empty")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20 30] /Contents null >>", "contents.malformed")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20 30] /Contents 42 >>", "contents.malformed")]
    [InlineData("<< /Type /Sig /ByteRange null /Contents <3003020100> >>", "byterange.malformed")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20] /Contents <3003020100> >>", "byterange.malformed")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 (x) 30] /Contents <3003020100> >>", "byterange.malformed")]
    [InlineData("<< /Type /Sig /ByteRange [0 0 0 0] /Contents <3003020100> >>", "byterange.out_of_bounds")]
    [InlineData("<< /Type /Sig /ByteRange [0 -5 20 30] /Contents <3003020100> >>", "byterange.out_of_bounds")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20 999999999] /Contents <3003020100> >>", "byterange.out_of_bounds")]
    [InlineData("<< /Type /Sig /ByteRange [0 10 20 30] /Contents <3003020100> >>", "byterange.gap_not_contents")]
    public void Universal_signature_forgery_variants_are_invalid(string signatureDictionary, string reason)
    {
        var report = Verify(WithSignatureDictionary(signatureDictionary));
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains(reason, report.Seals[0].Reasons);
    }

    [Fact]
    public void Universal_signature_forgery_byte_range_not_starting_at_zero_is_invalid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var attacked = Increment.Patch(pdf, "/ByteRange [0 ", "/ByteRange [1 ");
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains("byterange.not_from_start", report.Seals[0].Reasons);
    }

    [Fact]
    public void Universal_signature_forgery_byte_range_not_reaching_the_revision_end_is_invalid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var range = Increment.LastByteRange(pdf);
        var d = range[3].ToString(CultureInfo.InvariantCulture);
        var shorter = (range[3] - 7).ToString(CultureInfo.InvariantCulture).PadRight(d.Length);
        var attacked = Increment.Patch(pdf, " " + d + " ", " " + shorter + " ", (int)range[1] + 10 > pdf.Length ? 0 : 0);
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains("byterange.not_at_revision_end", report.Seals[0].Reasons);
    }

    [Fact]
    public void Incremental_saving_attack_with_xref_is_modified()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        const string evil = "BT /F1 24 Tf 72 700 Td (Page 1: pay 900 EUR) Tj ET";
        var attacked = Increment.Append(pdf, new Dictionary<int, string> { [5] = $"<< /Length {evil.Length} >>\nstream\n{evil}\nendstream" });
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "page-content" && !c.Permitted);
    }

    [Fact]
    public void Incremental_saving_attack_without_xref_is_modified()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        const string evil = "BT /F1 24 Tf 72 700 Td (Page 1: pay 900 EUR) Tj ET";
        var attacked = Increment.Append(pdf, new Dictionary<int, string> { [5] = $"<< /Length {evil.Length} >>\nstream\n{evil}\nendstream" }, withXref: false);
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.False(report.Seals[0].CoversWholeDocument);
        Assert.Contains(report.Seals[0].ChangesAfter, c => !c.Permitted && c.ObjectNumber == 5);
    }

    [Fact]
    public void Incremental_saving_attack_with_only_trailing_bytes_is_not_valid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var attacked = pdf.Concat(Encoding.ASCII.GetBytes("garbage that no reader should show\n")).ToArray();
        var report = Verify(attacked);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "trailing-bytes");
    }

    [Fact]
    public void Signature_wrapping_with_a_moved_byte_range_is_invalid()
    {
        // SWA: keep the signed bytes, move the second range further back and place new content in the enlarged gap.
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var range = Increment.LastByteRange(pdf);
        var injected = Encoding.ASCII.GetBytes("\n99 0 obj\n<< /Evil true >>\nendobj\n");
        var attacked = pdf[..(int)range[2]].Concat(injected).Concat(pdf[(int)range[2]..]).ToArray();
        var c = range[2].ToString(CultureInfo.InvariantCulture);
        var moved = (range[2] + injected.Length).ToString(CultureInfo.InvariantCulture);
        attacked = Increment.Patch(attacked, " " + c.PadRight(20), " " + moved.PadRight(20));
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains("byterange.gap_not_contents", report.Seals[0].Reasons);
    }

    /// <summary>Page 4 with content 5 and an overlay 6 that covers it (the "hide" preparation), plus a text field.</summary>
    private static byte[] ShadowDocument() => TestPdfs.Assemble(
    [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents [5 0 R 6 0 R] /Annots [8 0 R] >>",
        "<< /Length 47 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 900 EUR now) Tj ET\nendstream",
        "<< /Length 30 >>\nstream\n1 1 1 rg 60 690 400 40 re f \nendstream",
        "<< /Fields [8 0 R] /DA (/Helv 0 Tf 0 g) >>",
        "<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (100 EUR) /Rect [72 600 300 630] /P 4 0 R >>",
        "<< /Type /Catalog /Pages 10 0 R >>",
        "<< /Type /Pages /Kids [11 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 10 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 12 0 R >>",
        "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 9000 EUR) Tj ET\nendstream",
    ]);

    [Fact]
    public void Shadow_hide_by_removing_an_overlay_is_modified()
    {
        var pdf = Sealing.Seal(ShadowDocument(), TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, Verify(pdf).Verdict);
        var attacked = Increment.Append(pdf, new Dictionary<int, string>
        {
            [4] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents [5 0 R] /Annots [8 0 R 13 0 R] >>",
        });
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "page-content" && !c.Permitted);
    }

    [Fact]
    public void Shadow_hide_with_a_covering_annotation_is_modified()
    {
        var pdf = Sealing.Seal(ShadowDocument(), TestPki.Rsa);
        var text = Encoding.Latin1.GetString(pdf);
        var annots = System.Text.RegularExpressions.Regex.Matches(text, @"/Annots \[([^\]]*)\]")[^1].Groups[1].Value;
        var attacked = Increment.Append(pdf, new Dictionary<int, string>
        {
            [4] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents [5 0 R 6 0 R] /Annots [{annots} 40 0 R] >>",
            [40] = "<< /Type /Annot /Subtype /Square /Rect [60 690 460 730] /IC [1 1 1] /C [1 1 1] >>",
        });
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "annotation-added" && !c.Permitted);
    }

    [Fact]
    public void Shadow_replace_of_a_form_value_is_modified()
    {
        var pdf = Sealing.Seal(ShadowDocument(), TestPki.Rsa);
        var attacked = Increment.Append(pdf, new Dictionary<int, string>
        {
            [8] = "<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (9000 EUR) /Rect [72 600 300 630] /P 4 0 R >>",
        });
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "form-changed" && !c.Permitted);
    }

    [Fact]
    public void Shadow_replace_of_a_font_is_modified()
    {
        var pdf = Sealing.Seal(ShadowDocument(), TestPki.Rsa);
        var attacked = Increment.Append(pdf, new Dictionary<int, string>
        {
            [3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
        });
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.ObjectNumber == 3 && !c.Permitted);
    }

    [Fact]
    public void Shadow_hide_and_replace_by_switching_to_a_prepared_catalog_is_modified()
    {
        var pdf = Sealing.Seal(ShadowDocument(), TestPki.Rsa);
        var attacked = Increment.Append(pdf, new Dictionary<int, string>(), root: "9 0 R");
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "catalog-replaced" && !c.Permitted);
    }

    [Fact]
    public void Shadow_hide_and_replace_by_pointing_an_xref_entry_at_prepared_content_is_modified()
    {
        // The new xref section maps object 5 to the bytes of the prepared object 12.
        var pdf = Sealing.Seal(ShadowDocument(), TestPki.Rsa);
        var text = Encoding.Latin1.GetString(pdf);
        var prepared = text.IndexOf("12 0 obj", StringComparison.Ordinal);
        var prev = System.Text.RegularExpressions.Regex.Matches(text, @"startxref\s+(\d+)")[^1].Groups[1].Value;
        var size = System.Text.RegularExpressions.Regex.Matches(text, @"/Size (\d+)")[^1].Groups[1].Value;
        var root = System.Text.RegularExpressions.Regex.Matches(text, @"/Root (\d+ \d+ R)")[^1].Groups[1].Value;
        var xref = pdf.Length;
        var tail = $"xref\n5 1\n{prepared:D10} 00000 n\r\ntrailer\n<< /Size {size} /Root {root} /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n";
        var attacked = pdf.Concat(Encoding.Latin1.GetBytes(tail)).ToArray();
        var report = Verify(attacked);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.ObjectNumber == 5 && !c.Permitted);
    }
}
