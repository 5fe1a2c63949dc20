using System.Globalization;
using System.Text.RegularExpressions;
using Trust.Pdf.Internal.Signing;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Signing;

public sealed class AppearanceTests
{
    private static double[] WidgetRect(byte[] pdf)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var m = Regex.Matches(text, @"/Rect \[([-0-9. ]+)\]")[^1];
        return m.Groups[1].Value.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    [Fact]
    public void Seal_picture_has_its_real_size_in_points()
    {
        var rect = WidgetRect(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, o => { o.XMm = 10; o.YMm = 20; }));
        var size = 40 * 72 / 25.4;
        Assert.Equal(10 * 72 / 25.4, rect[0], 2);
        Assert.Equal(20 * 72 / 25.4, rect[1], 2);
        Assert.Equal(size, rect[2] - rect[0], 2);
        Assert.Equal(size, rect[3] - rect[1], 2);
    }

    [Fact]
    public void MediaBox_not_at_origin_offsets_the_widget()
    {
        var rect = WidgetRect(Sealing.Seal(TestPdfs.Simple(mediaBox: "-300 -400 295 442"), TestPki.Rsa, o => { o.XMm = 0; o.YMm = 0; }));
        Assert.Equal(-300, rect[0], 2);
        Assert.Equal(-400, rect[1], 2);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void Rotated_page_places_the_widget_inside_the_page_with_an_upright_matrix(int rotate)
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(rotate: rotate), TestPki.Rsa, o => { o.XMm = 10; o.YMm = 10; });
        var rect = WidgetRect(pdf);
        Assert.InRange(rect[0], 0, 595);
        Assert.InRange(rect[2], 0, 595);
        Assert.InRange(rect[1], 0, 842);
        Assert.InRange(rect[3], 0, 842);
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.Matches(rotate switch { 90 => @"/Matrix \[0 1 -1 0 0 0\]", 180 => @"/Matrix \[-1 0 0 -1 0 0\]", _ => @"/Matrix \[0 -1 1 0 0 0\]" }, text);
    }

    [Fact]
    public void Png_decoder_splits_rgb_and_alpha()
    {
        var image = PngImage.Decode(TestSeal.Png(20, 10));
        Assert.Equal(20, image.Width);
        Assert.Equal(10, image.Height);
        Assert.Equal(20 * 10 * 3, image.Rgb.Length);
        Assert.NotNull(image.Alpha);
        Assert.Equal(220, image.Rgb[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(40)]
    public void Png_decoder_rejects_truncated_input(int length)
    {
        var png = TestSeal.Png(20, 10);
        Assert.Throws<Trust.Core.TrustFormatException>(() => PngImage.Decode(png.AsSpan(0, Math.Min(length, png.Length))));
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool Png_decoder_never_crashes_on_random_bytes(byte[] bytes)
    {
        byte[] input = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. bytes ?? []];
        try
        {
            PngImage.Decode(input);
            return true;
        }
        catch (Trust.Core.TrustFormatException)
        {
            return true;
        }
    }
}
