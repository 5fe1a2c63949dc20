using System.Text;
using Trust.Core.Licences;
using Trust.Documents.Layout;
using Trust.Documents.Ofd;
using Trust.Documents.Tests.Support;
using Trust.Pdf;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Layout;

/// <summary>The catalog's layout hints take effect on the page, in both formats, and hinted pages seal and verify.</summary>
public class LayoutHintsTests
{
    private static PageModel Page(SignedLicence licence) => RenderedPage.For(licence, null).Page;

    private static TextItem Text(PageModel page, string text) => page.Texts.First(t => t.Text == text);

    private static TextItem TextStarting(PageModel page, string text) => page.Texts.First(t => t.Text.StartsWith(text, StringComparison.Ordinal));

    [Fact]
    public async Task Business_licence_is_a_landscape_page_titled_营业执照_with_its_code_and_name_emphasised()
    {
        var licence = await LicenceFiles.Fixture.IssueAsync("BL");
        var page = Page(licence);

        Assert.Equal((297.0, 210.0), (page.Width, page.Height));
        Assert.Equal("营业执照", page.Texts.MaxBy(t => t.Size)!.Text);
        var ordinary = Text(page, licence.Payload.Fields["legal_representative"]).Size;
        Assert.True(Text(page, licence.Payload.HolderId).Size > ordinary);
        Assert.True(Text(page, licence.Payload.HolderName).Size > ordinary);

        // The groups' order: the credit code before the name, both before the type; the two columns side by side.
        var id = Text(page, licence.Payload.HolderId);
        var name = Text(page, licence.Payload.HolderName);
        Assert.Equal(id.Y, name.Y, 3);
        Assert.True(id.X < name.X);
        Assert.True(Text(page, licence.Payload.Fields["entity_type"]).Y > id.Y);

        // Wide: the business scope's label has a line of its own and the value starts at the table's left edge.
        var scopeLabel = Text(page, "经营范围：");
        var scope = TextStarting(page, licence.Payload.Fields["business_scope"][..4]);
        Assert.True(scope.Y > scopeLabel.Y);
        Assert.True(scope.X < 40);

        // QR code at the top right, seal place at the bottom right, inside the page.
        Assert.True(page.Rects.Where(r => r.Fill).All(r => r.X > 200 && r.Y < 60));
        Assert.Equal((235.0, 176.0), page.SealCentre);
    }

    [Fact]
    public async Task Both_formats_of_a_landscape_licence_say_so_and_seal_inside_the_page()
    {
        var licence = await LicenceFiles.Fixture.IssueAsync("BL");
        var pdf = LicenceFiles.RenderAndSeal(licence, LicenceFileFormat.Pdf, TestPki.Rsa);
        Assert.Equal((297.0, 210.0), Rounded(SealPlacement.PdfPageSize(pdf)));
        var ofd = LicenceFiles.RenderAndSeal(licence, LicenceFileFormat.Ofd, TestPki.Sm2);
        var files = OfdZip.Read(ofd);
        Assert.Equal((297.0, 210.0), SealPlacement.OfdPageSize(files));
        var signature = Encoding.UTF8.GetString(files.First(f => f.Path == "Doc_0/Signs/Sign_0/Signature.xml").Data);
        var boundary = System.Text.RegularExpressions.Regex.Match(signature, "StampAnnot [^>]*Boundary=\"([^\"]+)\"").Groups[1].Value
            .Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(boundary[0] > 148 && boundary[0] + boundary[2] < 297 && boundary[1] + boundary[3] < 210, string.Join(' ', boundary));

        var path = ExternalTools.TempFile(pdf);
        try
        {
            var info = ExternalTools.Run("pdfinfo", path);
            Assert.Contains("841.89 x 595.276 pts", info.Output, StringComparison.Ordinal);

            // The seal widget's rectangle lies on the landscape page, right of the middle.
            using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
            var widget = Assert.Single(document.GetPage(1).GetAnnotations(), a => a.Type == UglyToad.PdfPig.Annotations.AnnotationType.Widget).Rectangle;
            Assert.True(widget.Left > 420 && widget.Right < 841.89 && widget.Top < 595.276 && widget.Bottom > 0, widget.ToString());
        }
        finally
        {
            File.Delete(path);
        }

        foreach (var (file, pki) in new[] { (pdf, TestPki.Rsa), (ofd, TestPki.Sm2) })
        {
            var report = LicenceFiles.Verify(file, pki);
            Assert.True(report.Verdict == PdfDocumentVerdict.Valid && report.Licence.MatchesPage,
                $"{report.Format}: {report.Verdict} {string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons)))}");
        }
    }

    [Fact]
    public async Task Groups_print_their_headings_and_fields_in_the_order_the_catalog_gives()
    {
        var licence = await LicenceFiles.Fixture.IssueAsync("FBP");
        var page = Page(licence);
        var fields = licence.Payload.Fields;

        Assert.Equal((210.0, 297.0), (page.Width, page.Height));
        var owner = Text(page, "经营者");
        var permit = Text(page, "许可事项");
        Assert.True(owner.Y < permit.Y);
        var order = new[] { licence.Payload.HolderName, fields["legal_representative"], fields["certificate_no"], fields["entity_form"] }
            .Select(v => TextStarting(page, v).Y).ToList();
        Assert.Equal(order.Order(), order);
        Assert.True(TextStarting(page, fields["premises"]).Y < permit.Y);
        Assert.True(TextStarting(page, fields["certificate_no"]).Y > permit.Y);

        // Each heading is followed by a rule; the emphasised permit number is larger than its neighbours.
        Assert.Contains(page.Rects, r => !r.Fill && r.Height == 0 && Math.Abs(r.Y - (permit.Y - (permit.Size * 0.35))) < 0.01);
        Assert.True(Text(page, fields["certificate_no"]).Size > Text(page, fields["entity_form"]).Size);
    }

    [Fact]
    public async Task Title_override_replaces_the_type_name_and_types_without_hints_keep_the_default_page()
    {
        var individual = Page(await LicenceFiles.Fixture.IssueAsync("IBL"));
        Assert.Contains(individual.Texts, t => t.Text == "营业执照");
        Assert.DoesNotContain(individual.Texts, t => t.Text == LicenceCatalog.Default.Get("IBL").NameZh);

        var plain = Page(await LicenceFiles.Fixture.IssueAsync("SFW"));
        Assert.Equal((210.0, 297.0), (plain.Width, plain.Height));
        Assert.Contains(plain.Texts, t => t.Text == LicenceCatalog.Default.Get("SFW").NameZh);
        Assert.Equal((150.0, 228.0), plain.SealCentre);
        Assert.Single(plain.Texts.Select(t => t.Size).Where(s => s < 4.3 && s > 1).Distinct().Except([3.0, 4.0]));
    }

    [Fact]
    public async Task Every_type_prints_every_value_of_its_licence_whatever_its_hints()
    {
        foreach (var type in LicenceCatalog.Default.Types)
        {
            var licence = await LicenceFiles.Fixture.IssueAsync(type.Code);
            var page = Page(licence);
            var all = string.Concat(page.Texts.Select(t => t.Text));
            foreach (var (code, value) in licence.Payload.Fields)
            {
                Assert.True(all.Contains(value, StringComparison.Ordinal), $"{type.Code}: {code} = {value} is not on the page");
            }

            Assert.Contains(licence.Payload.HolderName, all, StringComparison.Ordinal);
            Assert.Contains(licence.Id, all, StringComparison.Ordinal);
            Assert.All(page.Texts, t => Assert.True(t.X >= 0 && t.Y <= page.Height && t.X < page.Width, $"{type.Code}: '{t.Text}' at {t.X},{t.Y}"));
        }
    }

    private static (double, double) Rounded((double W, double H) size) => (Math.Round(size.W, 2), Math.Round(size.H, 2));
}
