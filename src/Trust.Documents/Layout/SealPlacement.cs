using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Trust.Documents.Layout;

/// <summary>
/// Where seals go on a licence page, from the page's size alone, so that the layout (which leaves the place free
/// beside the issuing department) and the sealers (which only see the file) agree: portrait pages put the first
/// seal's centre at (150, 228) mm from the top-left corner, landscape pages at (235, 176) mm; each further seal goes
/// 45 mm to the left.
/// </summary>
internal static partial class SealPlacement
{
    public static (double X, double Y) Centre(double pageWidthMm, double pageHeightMm, int sealsAlready) =>
        pageWidthMm > pageHeightMm ? (235 - (45.0 * sealsAlready), 176) : (150 - (45.0 * sealsAlready), 228);

    public static (double X, double Y) Centre((double Width, double Height) page, int sealsAlready) =>
        Centre(page.Width, page.Height, sealsAlready);

    /// <summary>The first page's size from the last <c>/MediaBox [0 0 w h]</c> in the file (points), in millimetres; A4 portrait when none.</summary>
    public static (double Width, double Height) PdfPageSize(byte[] pdf)
    {
        var match = MediaBox().Matches(Encoding.Latin1.GetString(pdf)).LastOrDefault();
        return match is not null
            && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            && double.TryParse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var h)
            ? (w * 25.4 / 72, h * 25.4 / 72)
            : (PageModel.A4ShortMm, PageModel.A4LongMm);
    }

    /// <summary>The page size from <c>Doc_0/Document.xml</c>'s PhysicalBox (millimetres); A4 portrait when none.</summary>
    public static (double Width, double Height) OfdPageSize(IEnumerable<(string Path, byte[] Data)> files)
    {
        var document = files.FirstOrDefault(f => f.Path == "Doc_0/Document.xml").Data;
        var match = document is null ? null : PhysicalBox().Match(Encoding.UTF8.GetString(document));
        return match is { Success: true }
            && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            && double.TryParse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var h)
            ? (w, h)
            : (PageModel.A4ShortMm, PageModel.A4LongMm);
    }

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([0-9]+(?:\.[0-9]+)?)\s+([0-9]+(?:\.[0-9]+)?)\s*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex(@"<ofd:PhysicalBox>0 0 ([0-9]+(?:\.[0-9]+)?) ([0-9]+(?:\.[0-9]+)?)</ofd:PhysicalBox>")]
    private static partial Regex PhysicalBox();
}
