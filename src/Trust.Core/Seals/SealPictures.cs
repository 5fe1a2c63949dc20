using System.Security;
using System.Text;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Pictures;

namespace Trust.Core.Seals;

/// <summary>
/// Generates development seal pictures: a round red seal with an outer ring, a five-pointed star in
/// the middle and text. The PNG is drawn here without a graphics library and carries ASCII text only
/// (a built-in 5x7 pixel font: the department code around the ring and the seal-kind code below the
/// star); the SVG variant carries the Chinese seal name as SVG text along the ring for viewers with
/// CJK fonts. Real deployments import their own PNG or SVG through <see cref="SesPictureInfo"/>.
/// </summary>
public static class SealPictures
{
    /// <summary>The size used for development seals: 42 x 42 mm, a common size of a round official seal.</summary>
    public const int DevelopmentSizeMillimetres = 42;

    private const byte Red = 0xD0;

    /// <summary>Draws a round red seal PNG.</summary>
    /// <param name="ringText">ASCII text around the upper ring (letters, digits, space, '-', '.'), for example a department code.</param>
    /// <param name="centreText">ASCII text below the star, for example the seal-kind code.</param>
    /// <param name="pixels">Width and height in pixels (64 to 1024).</param>
    /// <returns>A picture of type <c>PNG</c>, 42 x 42 mm.</returns>
    public static SesPictureInfo CreatePng(string ringText, string centreText, int pixels = 300)
    {
        ArgumentNullException.ThrowIfNull(ringText);
        ArgumentNullException.ThrowIfNull(centreText);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels, 64);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixels, 1024);
        var rgba = new byte[pixels * pixels * 4];
        var star = StarPolygon(0, -0.05, 0.28);
        const int samples = 2; // 2x2 supersampling for smooth edges
        for (var y = 0; y < pixels; y++)
        {
            for (var x = 0; x < pixels; x++)
            {
                var hits = 0;
                for (var sy = 0; sy < samples; sy++)
                {
                    for (var sx = 0; sx < samples; sx++)
                    {
                        // Unit coordinates: centre (0,0), edge at radius 1, y down.
                        var u = (((x + ((sx + 0.5) / samples)) / pixels) * 2) - 1;
                        var v = (((y + ((sy + 0.5) / samples)) / pixels) * 2) - 1;
                        if (Inked(u, v, ringText, centreText, star))
                        {
                            hits++;
                        }
                    }
                }

                var i = ((y * pixels) + x) * 4;
                rgba[i] = Red;
                rgba[i + 3] = (byte)(hits * 255 / (samples * samples));
            }
        }

        return new SesPictureInfo("PNG", PngEncoder.Encode(pixels, pixels, rgba), DevelopmentSizeMillimetres, DevelopmentSizeMillimetres);
    }

    /// <summary>An SVG seal with <paramref name="name"/> (any script) along the ring and <paramref name="centreText"/> below the star.</summary>
    /// <returns>A picture of type <c>SVG</c>, 42 x 42 mm.</returns>
    public static SesPictureInfo CreateSvg(string name, string centreText)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(centreText);
        var points = string.Join(' ', StarPolygon(0, -0.05, 0.28).Select(p =>
            FormattableString.Invariant($"{100 + (p.X * 100):0.##},{100 + (p.Y * 100):0.##}")));
        var svg = $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="{DevelopmentSizeMillimetres}mm" height="{DevelopmentSizeMillimetres}mm">
              <circle cx="100" cy="100" r="94" fill="none" stroke="#d00000" stroke-width="6"/>
              <path id="ring" d="M 28 112 A 72 72 0 1 1 172 112" fill="none"/>
              <text fill="#d00000" font-size="20" font-family="SimSun, Songti SC, serif" text-anchor="middle"><textPath href="#ring" startOffset="50%">{SecurityElement.Escape(name)}</textPath></text>
              <polygon points="{points}" fill="#d00000"/>
              <text x="100" y="160" fill="#d00000" font-size="16" font-family="SimSun, Songti SC, serif" text-anchor="middle">{SecurityElement.Escape(centreText)}</text>
            </svg>
            """;
        return new SesPictureInfo("SVG", Encoding.UTF8.GetBytes(svg), DevelopmentSizeMillimetres, DevelopmentSizeMillimetres);
    }

    private static bool Inked(double u, double v, string ringText, string centreText, (double X, double Y)[] star)
    {
        var r = Math.Sqrt((u * u) + (v * v));
        if (r > 0.98)
        {
            return false; // outside the seal
        }

        if (r >= 0.90)
        {
            return true; // outer ring
        }

        if (r < 0.3 && InPolygon(u, v, star))
        {
            return true;
        }

        // Ring text: glyph rows run inward from radius 0.84; columns follow the arc over the top, clockwise.
        const double glyphScale = 0.028; // one font pixel, in unit lengths
        const double outer = 0.84;
        if (ringText.Length > 0 && r < outer && r > outer - (BitmapFont.Height * glyphScale))
        {
            var angle = Math.Atan2(u, -v); // 0 at the top, positive clockwise
            var baseRadius = outer - (BitmapFont.Height * glyphScale / 2);
            var advance = (BitmapFont.Width + 1) * glyphScale / baseRadius; // radians per character
            var span = Math.Min(ringText.Length * advance, 1.5 * Math.PI);
            var step = span / ringText.Length;
            var position = (angle + (span / 2)) / step;
            if (position >= 0 && position < ringText.Length)
            {
                var index = (int)position;
                var column = (int)((position - index) * step * baseRadius / glyphScale);
                var row = (int)((outer - r) / glyphScale);
                if (BitmapFont.IsSet(ringText[index], column, row))
                {
                    return true;
                }
            }
        }

        // Centre text: horizontal, below the star.
        const double centreScale = 0.03;
        var width = centreText.Length * (BitmapFont.Width + 1) * centreScale;
        var left = -width / 2;
        const double top = 0.38;
        if (centreText.Length > 0 && u >= left && u < left + width && v >= top && v < top + (BitmapFont.Height * centreScale))
        {
            var cell = (u - left) / centreScale;
            var index = (int)(cell / (BitmapFont.Width + 1));
            var column = (int)cell - (index * (BitmapFont.Width + 1));
            var row = (int)((v - top) / centreScale);
            return index < centreText.Length && BitmapFont.IsSet(centreText[index], column, row);
        }

        return false;
    }

    /// <summary>A five-pointed star (10 vertices) centred at (cx, cy) with outer radius r, one point up.</summary>
    private static (double X, double Y)[] StarPolygon(double cx, double cy, double r)
    {
        var points = new (double X, double Y)[10];
        var inner = r * 0.382; // regular star: inner/outer = 1/phi^2
        for (var i = 0; i < 10; i++)
        {
            var radius = i % 2 == 0 ? r : inner;
            var a = (i * Math.PI / 5) - (Math.PI / 2);
            points[i] = (cx + (radius * Math.Cos(a)), cy + (radius * Math.Sin(a)));
        }

        return points;
    }

    private static bool InPolygon(double x, double y, (double X, double Y)[] polygon)
    {
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            var (xi, yi) = polygon[i];
            var (xj, yj) = polygon[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
