using Trust.Core.Licences;

namespace Trust.Documents.Layout;

/// <summary>
/// One page of a licence file as drawing instructions, in millimetres with the origin at the top-left corner of the
/// page (the OFD convention, GB/T 33190 section 7.3; the PDF writer flips y). Writers for both formats draw exactly
/// these items, so the two files show the same page.
/// </summary>
internal sealed class PageModel
{
    /// <summary>The short side of A4.</summary>
    public const double A4ShortMm = 210;

    /// <summary>The long side of A4.</summary>
    public const double A4LongMm = 297;

    public PageModel(LicencePageOrientation orientation = LicencePageOrientation.Portrait)
    {
        (Width, Height) = orientation == LicencePageOrientation.Landscape ? (A4LongMm, A4ShortMm) : (A4ShortMm, A4LongMm);
    }

    /// <summary>Page width in millimetres.</summary>
    public double Width { get; }

    /// <summary>Page height in millimetres.</summary>
    public double Height { get; }

    public List<TextItem> Texts { get; } = [];

    public List<RectItem> Rects { get; } = [];

    /// <summary>Where the seal picture goes: its centre, in millimetres from the top-left corner.</summary>
    public (double X, double Y) SealCentre { get; set; }

    /// <summary>Every character drawn, for the font subset.</summary>
    public IEnumerable<int> CodePoints() => Texts.SelectMany(t => Runes(t.Text)).Distinct();

    public static IEnumerable<int> Runes(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            yield return rune.Value;
        }
    }
}

/// <summary>A line of text: <paramref name="X"/> left edge, <paramref name="Y"/> baseline, <paramref name="Size"/> em size (mm).</summary>
internal sealed record TextItem(double X, double Y, double Size, string Text);

/// <summary>A rectangle, filled (QR modules) or stroked with <paramref name="LineWidth"/> (frames, rules).</summary>
internal sealed record RectItem(double X, double Y, double Width, double Height, bool Fill, double LineWidth = 0);
