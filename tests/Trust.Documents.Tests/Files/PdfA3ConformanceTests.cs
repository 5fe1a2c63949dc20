using System.Text;
using Trust.Core.Licences;
using Trust.Documents.Pdf;
using Trust.Documents.Tests.Support;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Files;

/// <summary>
/// The licence PDF keeps the PDF/A-3b rules it uses (<see cref="PdfA3Check"/>), before and after sealing, for portrait and
/// landscape layouts; qpdf and pdffonts agree; and the check does find each rule broken.
/// </summary>
public class PdfA3ConformanceTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "BL", "RSA" }, { "BL", "SM2" }, { "FBP", "SM2" }, { "MC", "RSA" }, { "SFW", "SM2" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Licence_pdf_keeps_the_pdfa3b_rules_before_and_after_sealing(string type, string algorithm)
    {
        var pki = algorithm == "RSA" ? TestPki.Rsa : TestPki.Sm2;
        var unsealed = LicenceFileRenderer.Render(await LicenceFiles.Fixture.IssueAsync(type), LicenceFileFormat.Pdf);
        Assert.Empty(Describe(PdfA3Check.Check(unsealed)));

        var once = LicenceFileSealer.Seal(unsealed, LicenceFiles.SealOptions(pki));
        var twice = LicenceFileSealer.Seal(once, LicenceFiles.SealOptions(pki));
        Assert.Empty(PdfAChecks.SealIncrement(once, unsealed.Length));
        Assert.Empty(PdfAChecks.SealIncrement(twice, once.Length));
        Assert.Empty(Describe(PdfA3Check.Check(twice)));
    }

    [Theory]
    [InlineData("BL")]
    [InlineData("FBP")]
    public async Task Qpdf_and_pdffonts_agree_every_font_is_embedded_subset_and_mapped_to_unicode(string type)
    {
        var unsealed = LicenceFileRenderer.Render(await LicenceFiles.Fixture.IssueAsync(type), LicenceFileFormat.Pdf);
        var sealedPdf = LicenceFileSealer.Seal(unsealed, LicenceFiles.SealOptions(TestPki.Rsa));
        foreach (var pdf in new[] { unsealed, sealedPdf })
        {
            var path = ExternalTools.TempFile(pdf);
            try
            {
                var qpdf = ExternalTools.Run("qpdf", "--check", path);
                Assert.True(qpdf.ExitCode == 0, qpdf.Output);
                Assert.Contains("No syntax or stream encoding errors found", qpdf.Output, StringComparison.Ordinal);

                // pdffonts: name type encoding emb sub uni object-id; the last five columns are fixed.
                var fonts = ExternalTools.Run("pdffonts", path);
                Assert.True(fonts.ExitCode == 0, fonts.Output);
                var rows = fonts.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
                Assert.NotEmpty(rows);
                foreach (var row in rows)
                {
                    var columns = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    Assert.True(columns[^5..^2].SequenceEqual(["yes", "yes", "yes"]), $"emb/sub/uni not all yes: {row}");
                    Assert.Contains("CID TrueType", row, StringComparison.Ordinal);
                    Assert.Matches("^[A-Z]{6}\\+", columns[0]);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    public static TheoryData<string, string, string> Breaks => new()
    {
        { "/AFRelationship/Source", "/AFRelationship/Sourcx", "6.8" },
        { "/ModDate(", "/ModDatX(", "6.8" },
        { "/Subtype/application#2F", "/Subtype/applicationX2F", "6.8" },
        { "/AF[", "/XF[", "6.8" },
        { "<pdfaid:part>3</pdfaid:part>", "<pdfaid:part>2</pdfaid:part>", "6.6.4" },
        { "<pdfaid:conformance>B</pdfaid:conformance>", "<pdfaid:conformance>U</pdfaid:conformance>", "6.6.4" },
        { "<pdfaProperty:name>HolderName</pdfaProperty:name>", "<pdfaProperty:name>HolderNamX</pdfaProperty:name>", "6.6.2.3.1" },
        { "%PDF-1.7", "%PDF-1.7", "none" },
        { "/ToUnicode ", "/ToUnicodX ", "6.2.11.7.2" },
        { "/FontFile2 ", "/FontFilX2 ", "6.2.11.4.1" },
        { "/CIDToGIDMap/Identity", "/CIDToGIDMaX/Identity", "6.2.11.3.2" },
        { "/S/GTS_PDFA1", "/S/GTS_PDFX1", "6.2.3" },
        { "/ID[", "/XD[", "6.1.3" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task Each_broken_rule_is_reported_with_its_clause(string find, string replace, string clause)
    {
        var pdf = LicenceFileRenderer.Render(await LicenceFiles.Fixture.IssueAsync("BL"), LicenceFileFormat.Pdf);
        var broken = Patch(pdf, find, replace);

        var clauses = PdfA3Check.Check(broken).Select(v => v.Clause).ToHashSet();

        if (clause == "none")
        {
            Assert.Empty(clauses);
        }
        else
        {
            Assert.True(clauses.Contains(clause), $"{clause} not in [{string.Join(", ", clauses)}]");
        }
    }

    [Fact]
    public async Task A_width_that_differs_from_the_embedded_font_is_a_6_2_11_5_violation()
    {
        var licence = await LicenceFiles.Fixture.IssueAsync("BL");
        var pdf = LicenceFileRenderer.Render(licence, LicenceFileFormat.Pdf);
        var gid = RenderedPage.For(licence, null).Font.Glyph('营');
        var text = Encoding.Latin1.GetString(pdf);

        // The /W array is [0[w0 w1 ...]]: change the first digit of the title character's width.
        var at = text.IndexOf("/W[0[", StringComparison.Ordinal) + 5;
        for (var i = 0; i < gid; i++)
        {
            at = text.IndexOf(' ', at) + 1;
        }

        pdf[at] = pdf[at] == (byte)'9' ? (byte)'8' : (byte)(pdf[at] + 1);

        Assert.Contains(PdfA3Check.Check(pdf), v => v.Clause == "6.2.11.5" && v.Message.Contains($"glyph {gid} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Xmp_and_the_embedded_file_say_what_the_licence_is()
    {
        var licence = await LicenceFiles.Fixture.IssueAsync("BL");
        var pdf = LicenceFileRenderer.Render(licence, LicenceFileFormat.Pdf);
        var text = Encoding.UTF8.GetString(pdf);
        Assert.Contains($"<lic:LicenceId>{licence.Id}</lic:LicenceId>", text, StringComparison.Ordinal);
        Assert.Contains($"<dc:identifier>{licence.Id}</dc:identifier>", text, StringComparison.Ordinal);
        Assert.Contains($"/Params<</Size {licence.Encoded.Length}/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/Info ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/Group", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/SMask", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/Encrypt", text, StringComparison.Ordinal);
        Assert.Equal(LicenceCatalog.Default.Get("BL").Code, licence.Payload.TypeCode);
    }

    private static byte[] Patch(byte[] pdf, string find, string replace)
    {
        Assert.Equal(find.Length, replace.Length);
        var text = Encoding.Latin1.GetString(pdf);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        var copy = (byte[])pdf.Clone();
        Encoding.Latin1.GetBytes(replace).CopyTo(copy, at);
        return copy;
    }

    private static IEnumerable<string> Describe(IEnumerable<PdfA3Violation> violations) => violations.Select(v => v.ToString());
}
