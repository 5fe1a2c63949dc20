using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Grpc.Clerk;

namespace Trust.Web.Tests;

/// <summary>Reading the grant's QR code from an uploaded screenshot or photo, and refusing hostile pictures.</summary>
public sealed class ClerkQrImageDecoderTests
{
    private const string GrantText = "TG1:NCF3X7$T0:V8%J4KU1T3WSQD8O9$N-2BH3J8DF+7$7:8$2Q$OQJ5DN*7QF:6/ZCM%9YVVWB+H4YN";

    private static readonly ClerkPageOptions Limits = new();

    [Fact]
    public void Screenshot_png_of_a_qr_code_is_read()
    {
        var result = ClerkQrImageDecoder.Decode(TestImages.QrPng(GrantText), Limits);
        Assert.Equal(QrImageFailure.None, result.Failure);
        Assert.Equal(GrantText, result.Text);
    }

    [Fact]
    public void Large_rotated_jpeg_photo_is_read_subsampled()
    {
        var result = ClerkQrImageDecoder.Decode(TestImages.QrPhotoJpeg(GrantText), Limits);
        Assert.Equal(QrImageFailure.None, result.Failure);
        Assert.Equal(GrantText, result.Text);
    }

    [Fact]
    public void Picture_without_a_qr_code_says_so()
    {
        Assert.Equal(QrImageFailure.NoQrCode, ClerkQrImageDecoder.Decode(TestImages.PlainPng(), Limits).Failure);
    }

    [Fact]
    public void Empty_and_oversized_uploads_are_refused_before_decoding()
    {
        Assert.Equal(QrImageFailure.TooLarge, ClerkQrImageDecoder.Decode([], Limits).Failure);
        var small = new ClerkPageOptions { MaxUploadBytes = 100 };
        Assert.Equal(QrImageFailure.TooLarge, ClerkQrImageDecoder.Decode(TestImages.QrPng(GrantText), small).Failure);
    }

    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(8_193, 10)]
    [InlineData(7_000, 7_000)]
    [InlineData(int.MaxValue, 1)]
    public void Header_claiming_too_many_pixels_is_refused_without_allocating_them(int width, int height)
    {
        var failure = ClerkQrImageDecoder.Decode(TestImages.PngClaiming(width, height), Limits).Failure;
        Assert.True(failure is QrImageFailure.TooManyPixels or QrImageFailure.NotAnImage, failure.ToString());
    }

    [Fact]
    public void Text_html_and_random_bytes_are_not_pictures()
    {
        Assert.Equal(QrImageFailure.NotAnImage, ClerkQrImageDecoder.Decode("<html><script>alert(1)</script></html>"u8, Limits).Failure);
        Assert.Equal(QrImageFailure.NotAnImage, ClerkQrImageDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(GrantText), Limits).Failure);
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        Assert.Equal(QrImageFailure.NotAnImage, ClerkQrImageDecoder.Decode(random, Limits).Failure);
    }

    [Fact]
    public void Truncated_png_does_not_crash()
    {
        var png = TestImages.QrPng(GrantText);
        for (var cut = 8; cut < png.Length; cut += Math.Max(1, png.Length / 40))
        {
            var result = ClerkQrImageDecoder.Decode(png.AsSpan(0, cut), Limits);
            Assert.True(result.Failure != QrImageFailure.None || result.Text == GrantText);
        }
    }

    [Property(MaxTest = 60)]
    public Property Corrupted_pictures_never_throw_and_never_invent_text(PositiveInt seed)
    {
        var png = TestImages.QrPng(GrantText);
        var random = new Random(seed.Get);
        for (var i = 0; i < 1 + random.Next(16); i++)
        {
            png[random.Next(png.Length)] = (byte)random.Next(256);
        }

        var result = ClerkQrImageDecoder.Decode(png, Limits);
        return (result.Failure != QrImageFailure.None || result.Text == GrantText).ToProperty();
    }
}

/// <summary>Large QR codes (a licence's QR text with its certificate chain is a few thousand characters) read back reliably.</summary>
public sealed class LargeQrRoundTripTests
{
    [Theory]
    [InlineData(1500)]
    [InlineData(2500)]
    [InlineData(3500)]
    public void Large_licence_sized_qr_codes_read_back(int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        var failures = 0;
        for (var seed = 0; seed < 12; seed++)
        {
            var random = new Random(seed);
            var text = "TL1:" + new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var png = Trust.Grpc.Clerk.ClerkLicenceQr.RenderPng(text);
            if (ClerkQrImageDecoder.Decode(png, new ClerkPageOptions()).Text != text)
            {
                failures++;
            }
        }

        Assert.Equal(0, failures);
    }
}

/// <summary>
/// Grant-sized codes (version 30 and more) photographed from afar: read back whatever their data. At the first working
/// size their modules are about four pixels and some data patterns did not read (the QR-photo page test failed about one
/// run in five); the decoder then reads the photo again at a larger size.
/// </summary>
public sealed class LargeQrPhotoTests
{
    [Theory]
    [InlineData(2000)]
    [InlineData(2500)]
    [InlineData(3000)]
    public void Large_grant_sized_codes_in_photos_read_back(int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        var failures = new List<int>();
        for (var seed = 0; seed < 16; seed++)
        {
            var random = new Random(seed);
            var text = "TG1:" + new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            if (ClerkQrImageDecoder.Decode(TestImages.QrPhotoJpeg(text), new ClerkPageOptions()).Text != text)
            {
                failures.Add(seed);
            }
        }

        Assert.True(failures.Count == 0, $"length {length}: seeds not read back: {string.Join(", ", failures)}");
    }
}
