using System.Globalization;
using System.IO.Compression;
using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.Reader;
using Trust.Pdf.Internal.Writer;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// The widget's normal appearance (ISO 32000-1 section 12.5.5): a form XObject that paints the
/// seal picture, an image XObject (Flate RGB) with a soft mask for the PNG alpha channel, at the
/// seal's real size (points = mm * 72 / 25.4), upright on rotated pages.
/// </summary>
internal static class SealAppearance
{
    public static double MmToPoints(double mm) => mm * 72.0 / 25.4;

    /// <summary>Adds the image, soft mask and form objects; returns the form reference and the widget /Rect.</summary>
    /// <param name="update">The update to add the objects to.</param>
    /// <param name="picture">The decoded seal picture.</param>
    /// <param name="page">The page that shows the seal.</param>
    /// <param name="xMm">Left edge, millimetres from the displayed page's left edge.</param>
    /// <param name="yMm">Bottom edge, millimetres from the displayed page's bottom edge.</param>
    /// <param name="widthMm">Picture width in millimetres.</param>
    /// <param name="heightMm">Picture height in millimetres.</param>
    /// <param name="fieldRect">The /Rect of an existing empty signature field to fill; the picture is drawn at real size from its lower-left corner (clipped to it).</param>
    /// <param name="calibrated">Draws the picture in a device-independent CalRGB space (sRGB primaries) instead of DeviceRGB, for PDF/A files whose OutputIntent is not RGB (ISO 19005-2 section 6.2.4.3).</param>
    public static (IndirectReference Form, double[] Rect) Add(IncrementalUpdate update, PngImage picture, PageInfo page, double xMm, double yMm, double widthMm, double heightMm, double[]? fieldRect = null, bool calibrated = false)
    {
        var w = MmToPoints(widthMm);
        var h = MmToPoints(heightMm);
        var x = MmToPoints(xMm);
        var y = MmToPoints(yMm);
        var crop = page.CropBox;
        var cw = crop[2] - crop[0];
        var ch = crop[3] - crop[1];

        // Map the displayed rectangle back to default user space (ISO 32000-1 section 8.3.2.3, /Rotate).
        double llx, lly, rw, rh;
        string matrix;
        switch (page.Rotate)
        {
            case 90:
                (llx, lly, rw, rh, matrix) = (cw - y - h, x, h, w, "0 1 -1 0 0 0");
                break;
            case 180:
                (llx, lly, rw, rh, matrix) = (cw - x - w, ch - y - h, w, h, "-1 0 0 -1 0 0");
                break;
            case 270:
                (llx, lly, rw, rh, matrix) = (y, ch - x - w, h, w, "0 -1 1 0 0 0");
                break;
            default:
                (llx, lly, rw, rh, matrix) = (x, y, w, h, "1 0 0 1 0 0");
                break;
        }

        var rect = new[] { crop[0] + llx, crop[1] + lly, crop[0] + llx + rw, crop[1] + lly + rh };
        var (boxW, boxH) = (w, h);
        if (fieldRect is { Length: 4 })
        {
            rect = [Math.Min(fieldRect[0], fieldRect[2]), Math.Min(fieldRect[1], fieldRect[3]), Math.Max(fieldRect[0], fieldRect[2]), Math.Max(fieldRect[1], fieldRect[3])];
            var (fw, fh) = (rect[2] - rect[0], rect[3] - rect[1]);
            (boxW, boxH) = page.Rotate is 90 or 270 ? (fh, fw) : (fw, fh);
        }

        IndirectReference? smask = null;
        if (picture.Alpha is { } alpha)
        {
            smask = update.Allocate();
            update.Add(smask.Value, new StreamToken(ImageDictionary(picture, NameToken.Create("DeviceGray"), null), Deflate(alpha)));
        }

        var image = update.Allocate();
        update.Add(image, new StreamToken(ImageDictionary(picture, calibrated ? SrgbCalibrated : NameToken.Create("DeviceRGB"), smask), Deflate(picture.Rgb)));

        var content = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"q {F(w)} 0 0 {F(h)} 0 0 cm /Seal Do Q\n"));
        var form = update.Allocate();
        var formDict = new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = NameToken.Xobject,
            [NameToken.Subtype] = NameToken.Form,
            [NameToken.Bbox] = Numbers(0, 0, boxW, boxH),
            [NameToken.Matrix] = new ArrayToken(matrix.Split(' ').Select(s => (IToken)new NumericToken(double.Parse(s, CultureInfo.InvariantCulture))).ToArray()),
            [NameToken.Resources] = new DictionaryToken(new Dictionary<NameToken, IToken>
            {
                [NameToken.Xobject] = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.Create("Seal")] = new IndirectReferenceToken(image) }),
            }),
        });
        update.Add(form, new StreamToken(formDict, content));
        return (form, rect);
    }

    /// <summary>
    /// A CalRGB space with the sRGB white point, gamma and RGB-to-XYZ matrix (ISO 32000-1 section
    /// 8.6.5.3): device-independent, so allowed in PDF/A whatever the OutputIntent.
    /// </summary>
    private static ArrayToken SrgbCalibrated => new(
    [
        NameToken.Create("CalRGB"),
        new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Create("WhitePoint")] = Numbers(0.9505, 1.0, 1.089),
            [NameToken.Create("Gamma")] = Numbers(2.2, 2.2, 2.2),
            [NameToken.Matrix] = Numbers(0.4124, 0.2126, 0.0193, 0.3576, 0.7152, 0.1192, 0.1805, 0.0722, 0.9505),
        }),
    ]);

    private static DictionaryToken ImageDictionary(PngImage picture, IToken colorSpace, IndirectReference? smask)
    {
        var entries = new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = NameToken.Xobject,
            [NameToken.Subtype] = NameToken.Image,
            [NameToken.Width] = new NumericToken(picture.Width),
            [NameToken.Height] = new NumericToken(picture.Height),
            [NameToken.ColorSpace] = colorSpace,
            [NameToken.BitsPerComponent] = new NumericToken(8),
            [NameToken.Filter] = NameToken.FlateDecode,
        };
        if (smask is { } s)
        {
            entries[NameToken.Smask] = new IndirectReferenceToken(s);
        }

        return new DictionaryToken(entries);
    }

    internal static ArrayToken Numbers(params double[] values) =>
        new(values.Select(v => (IToken)new NumericToken(Math.Round(v, 4))).ToArray());

    private static string F(double v) => Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static byte[] Deflate(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }
}
