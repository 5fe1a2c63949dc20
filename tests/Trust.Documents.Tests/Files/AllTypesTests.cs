using Trust.Core.Licences;
using Trust.Documents.Tests.Support;
using Trust.Pdf;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Files;

/// <summary>Every catalogued licence type renders into both formats; a sample across the catalog seals and verifies.</summary>
public class AllTypesTests
{
    public static TheoryData<string> TypeCodes()
    {
        var data = new TheoryData<string>();
        foreach (var type in LicenceCatalog.Default.Types)
        {
            data.Add(type.Code);
        }

        return data;
    }

    [Fact]
    public void Every_type_renders_into_both_formats()
    {
        Assert.True(LicenceCatalog.Default.Types.Count >= 149);
        foreach (var type in LicenceCatalog.Default.Types)
        {
            var licence = LicenceFiles.Issue(type.Code);
            var pdf = LicenceFileRenderer.Render(licence, LicenceFileFormat.Pdf);
            Assert.Equal(LicenceFileFormat.Pdf, LicenceFileFormats.Detect(pdf));
            var ofd = LicenceFileRenderer.Render(licence, LicenceFileFormat.Ofd);
            Assert.Equal(LicenceFileFormat.Ofd, LicenceFileFormats.Detect(ofd));
        }
    }

    [Fact]
    public void A_sample_across_the_catalog_seals_and_verifies_valid_in_both_formats()
    {
        // Every tenth type (all 149 pass too, in about 5 minutes on two cores: drop the Where to run them all).
        foreach (var type in LicenceCatalog.Default.Types.Where((_, i) => i % 10 == 0))
        {
            var licence = LicenceFiles.Issue(type.Code);
            foreach (var format in new[] { LicenceFileFormat.Pdf, LicenceFileFormat.Ofd })
            {
                var file = LicenceFiles.RenderAndSeal(licence, format, TestPki.Sm2);
                var report = LicenceFiles.Verify(file, TestPki.Sm2);
                Assert.True(report.Verdict == PdfDocumentVerdict.Valid && report.Licence.MatchesPage,
                    $"{type.Code} {format}: {report.Verdict} {string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons)))}");
            }
        }
    }
}
