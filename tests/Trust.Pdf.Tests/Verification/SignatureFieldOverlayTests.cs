using System.Text;
using System.Text.RegularExpressions;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

/// <summary>
/// A later revision adds a signature field whose widget appearance covers signed page content. An empty
/// (unsigned) signature field is a permitted addition only when it cannot draw anything; a new seal whose
/// own signature covers the revision that adds it vouches for its appearance and stays permitted.
/// </summary>
public sealed class SignatureFieldOverlayTests
{
    private const string Opaque = "1 1 1 rg 0 0 400 40 re f";
    private const string OneLine = "1 1 1 rg 0 0 400 40 re f 0 g BT /Helv 24 Tf 12 10 Td (Page 1: pay 900 EUR) Tj ET";

    /// <summary>Adds signature field/widget 40 with appearance stream 41 drawing <paramref name="appearance"/>.</summary>
    private static byte[] AddField(byte[] pdf, string appearance, string rect = "60 690 460 730", string extra = "", bool inAnnots = true, bool inFields = true)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var annots = Regex.Matches(text, @"/Annots \[([^\]]*)\]")[^1].Groups[1].Value;
        var acroForm = Regex.Matches(text, @"/AcroForm (\d+) 0 R")[^1].Groups[1].Value;
        var fields = Regex.Matches(text, @"/Fields \[([^\]]*)\]")[^1].Groups[1].Value;
        var objects = new Dictionary<int, string>
        {
            [40] = $"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Overlay) /Rect [{rect}] /F 4 /P 4 0 R /AP << /N 41 0 R >>{extra} >>",
            [41] = $"<< /Type /XObject /Subtype /Form /BBox [0 0 400 40] /Length {appearance.Length} >>\nstream\n{appearance}\nendstream",
        };
        if (inAnnots)
        {
            objects[4] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [{annots} 40 0 R] >>";
        }

        if (inFields)
        {
            objects[int.Parse(acroForm, System.Globalization.CultureInfo.InvariantCulture)] = $"<< /Fields [{fields} 40 0 R] /SigFlags 3 >>";
        }

        return Increment.Append(pdf, objects);
    }

    private static string FirstSignature(byte[] pdf) => Regex.Match(Encoding.Latin1.GetString(pdf), @"/V (\d+ 0 R)").Groups[1].Value;

    public static TheoryData<string> Overlays => new()
    {
        "over-the-page",
        "inside-the-acroform-only",
        "over-one-line-of-text",
        "reusing-the-first-signature-as-its-value",
        "rollover-appearance-only",
        "square-annotation-posing-as-a-signature-field",
        "widget-without-appearance-but-with-a-background",
    };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void An_unsigned_signature_field_that_draws_over_the_page_is_a_visible_change(string kind)
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, VerificationTests.Verify(pdf, TestPki.Rsa).Verdict);
        var attacked = kind switch
        {
            "over-the-page" => AddField(pdf, Opaque),
            "inside-the-acroform-only" => AddField(pdf, Opaque, inAnnots: false),
            "over-one-line-of-text" => AddField(pdf, OneLine, rect: "60 690 460 730"),
            "reusing-the-first-signature-as-its-value" => AddField(pdf, Opaque, extra: " /V " + FirstSignature(pdf)),
            "rollover-appearance-only" => Increment.Patch(AddField(pdf, Opaque), "/AP << /N 41 0 R >>", "/AP << /R 41 0 R >>"),
            "square-annotation-posing-as-a-signature-field" => Increment.Patch(
                Increment.Patch(AddField(pdf, Opaque), "/Subtype /Widget /FT /Sig", "/Subtype /Square /FT /Sig"),
                "/AP << /N 41 0 R >>",
                "/IC [1 1 1]        "),
            _ => Increment.Patch(AddField(pdf, Opaque), "/AP << /N 41 0 R >>", "/MK << /BG [1] >>  "),
        };
        var report = VerificationTests.Verify(attacked, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        var seal = report.Seals.First(s => s.CoversRevision == 2);
        Assert.True(seal.ModifiedAfter);
        Assert.Contains(seal.ChangesAfter, c => !c.Permitted && c.Revision == 3);
    }

    public static TheoryData<string> InvisibleFields => new()
    {
        "zero-size-rect",
        "hidden-flag",
        "noview-flag",
        "appearance-that-paints-nothing",
        "zero-size-bbox",
    };

    [Theory]
    [MemberData(nameof(InvisibleFields))]
    public void An_empty_signature_field_that_draws_nothing_stays_permitted(string kind)
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var added = kind switch
        {
            "zero-size-rect" => AddField(pdf, Opaque, rect: "0 0 0 0"),
            "hidden-flag" => Increment.Patch(AddField(pdf, Opaque), "/F 4 /P 4 0 R", "/F 2 /P 4 0 R"),
            "noview-flag" => Increment.Patch(AddField(pdf, Opaque), "/F 4 /P", "/F 32/P"),
            "appearance-that-paints-nothing" => AddField(pdf, "q Q % nothing"),
            _ => Increment.Patch(AddField(pdf, Opaque), "/BBox [0 0 400 40]", "/BBox [0 0 400  0]"),
        };
        var report = VerificationTests.Verify(added, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.False(report.Seals[0].ModifiedAfter);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "signature-added" && c.Permitted);
    }

    [Fact]
    public void A_second_seal_with_its_own_visible_widget_stays_permitted()
    {
        var once = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var twice = Sealing.Seal(once, TestPki.Rsa, b => { b.FieldName = "Seal2"; b.XMm = 60; });
        var report = VerificationTests.Verify(twice, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(2, report.Seals.Count);
        Assert.All(report.Seals, s => Assert.False(s.ModifiedAfter));
    }
}
