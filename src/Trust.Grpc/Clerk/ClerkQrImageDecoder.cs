using SkiaSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Trust.Grpc.Clerk;

/// <summary>Why an uploaded picture gave no QR text.</summary>
internal enum QrImageFailure
{
    /// <summary>Decoded: the text is in <see cref="QrImageResult.Text"/>.</summary>
    None = 0,

    /// <summary>Empty or larger than the upload limit.</summary>
    TooLarge,

    /// <summary>Not a PNG, JPEG, WebP, GIF or BMP picture, or a damaged one.</summary>
    NotAnImage,

    /// <summary>Width or height over the limit, or more pixels than allowed.</summary>
    TooManyPixels,

    /// <summary>A picture, but no QR code was found in it.</summary>
    NoQrCode,
}

/// <summary>The outcome of <see cref="ClerkQrImageDecoder.Decode"/>.</summary>
internal readonly record struct QrImageResult(QrImageFailure Failure, string? Text)
{
    public bool Succeeded => Failure == QrImageFailure.None;
}

/// <summary>
/// Reads the QR code in a photo or screenshot that a clerk uploads (the citizen's grant on a phone
/// screen). The picture is untrusted: its size in bytes and its dimensions are checked from the
/// header before any pixel is decoded, big pictures are decoded subsampled (Skia's codec scales
/// while decoding, so memory stays bounded), and ZXing reads luminance bytes we compute ourselves
/// (no System.Drawing). Never throws for bad input.
/// </summary>
internal static class ClerkQrImageDecoder
{
    /// <summary>
    /// Longest sides ZXing is given, in order: a photo is first read scaled down to 1,600 pixels (fast, and enough for
    /// most codes); when that finds nothing and the picture is larger, once more at up to 3,200 pixels, because a large
    /// code (a grant with its certificate chain is version 30 or more) photographed from afar has modules of only a few
    /// pixels after the first scaling, and whether it then reads depends on its data.
    /// </summary>
    private static readonly int[] WorkingSides = [1600, 3200];

    /// <summary>Decodes <paramref name="image"/> within <paramref name="limits"/>.</summary>
    public static QrImageResult Decode(ReadOnlySpan<byte> image, ClerkPageOptions limits)
    {
        if (image.IsEmpty || image.Length > limits.MaxUploadBytes)
        {
            return new(QrImageFailure.TooLarge, null);
        }

        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return new(QrImageFailure.NotAnImage, null);
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || info.Width > limits.MaxImageSide || info.Height > limits.MaxImageSide
            || (long)info.Width * info.Height > limits.MaxImagePixels)
        {
            return new(QrImageFailure.TooManyPixels, null);
        }

        var longest = Math.Max(info.Width, info.Height);
        foreach (var side in WorkingSides)
        {
            using var bitmap = DecodeScaled(codec, longest, side);
            if (bitmap is null)
            {
                return new(QrImageFailure.NotAnImage, null);
            }

            if (Read(Luminance(bitmap), bitmap.Width, bitmap.Height) is { } text)
            {
                return new(QrImageFailure.None, text);
            }

            if (longest <= side)
            {
                break; // already read at full size: a larger working side would give the same pixels
            }
        }

        return new(QrImageFailure.NoQrCode, null);
    }

    private static SKBitmap? DecodeScaled(SKCodec codec, int longest, int workingSide)
    {
        var scale = longest > workingSide ? (float)workingSide / longest : 1f;
        var size = codec.GetScaledDimensions(scale);
        var target = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(target);
        var result = codec.GetPixels(target, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            // A truncated picture still has its top rows; the QR code may be readable from them.
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    /// <summary>ITU-R BT.601 luma of RGBA pixels composited over white (a transparent PNG reads as paper).</summary>
    private static byte[] Luminance(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        var luminance = new byte[bitmap.Width * bitmap.Height];
        for (int i = 0, p = 0; i < luminance.Length; i++, p += 4)
        {
            int r = pixels[p], g = pixels[p + 1], b = pixels[p + 2], a = pixels[p + 3];
            var y = ((r * 299) + (g * 587) + (b * 114)) / 1000;
            luminance[i] = (byte)(((y * a) + (255 * (255 - a))) / 255);
        }

        return luminance;
    }

    private static string? Read(byte[] luminance, int width, int height)
    {
        var hints = new Dictionary<DecodeHintType, object>
        {
            [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE },
            [DecodeHintType.TRY_HARDER] = true,
            [DecodeHintType.CHARACTER_SET] = "UTF-8",
        };
        // A screenshot of a generated code is "pure" (upright, one code, quiet zone): that reading
        // is the most reliable for large codes; photos need the finder-pattern detector.
        var pure = new Dictionary<DecodeHintType, object>(hints) { [DecodeHintType.PURE_BARCODE] = true };
        var source = new PlanarYUVLuminanceSource(luminance, width, height, 0, 0, width, height, false);
        var reader = new QRCodeReader();
        foreach (var (candidate, attemptHints) in new (LuminanceSource, Dictionary<DecodeHintType, object>)[] { (source, hints), (source, pure), (source.invert(), hints) })
        {
            foreach (var binarizer in new Func<LuminanceSource, Binarizer>[] { s => new HybridBinarizer(s), s => new GlobalHistogramBinarizer(s) })
            {
                try
                {
                    var result = reader.decode(new BinaryBitmap(binarizer(candidate)), attemptHints);
                    if (result?.Text is { Length: > 0 } text)
                    {
                        return text;
                    }
                }
                catch (ReaderException)
                {
                    // Not found with this binarizer; try the next.
                }
                catch (ArgumentException)
                {
                    // ZXing rejects some degenerate inputs (tiny pictures) this way.
                }
            }
        }

        return null;
    }
}
