using System.Buffers.Binary;
using System.IO.Compression;
using Trust.Core;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// A decoded PNG (ISO/IEC 15948): 8-bit samples split into RGB and an optional alpha channel,
/// ready to become a PDF image XObject and its soft mask. Supports non-interlaced 8-bit
/// greyscale, RGB, palette, grey+alpha and RGBA images; anything else is refused.
/// </summary>
internal sealed class PngImage
{
    public const int MaxInputBytes = 16 * 1024 * 1024;
    public const long MaxPixels = 4096L * 4096L;

    private PngImage(int width, int height, byte[] rgb, byte[]? alpha)
    {
        Width = width;
        Height = height;
        Rgb = rgb;
        Alpha = alpha;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgb { get; }

    /// <summary>One byte per pixel, or null when the picture is fully opaque.</summary>
    public byte[]? Alpha { get; }

    /// <exception cref="TrustFormatException">Not a PNG this decoder supports.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> png)
    {
        if (png.Length > MaxInputBytes)
        {
            throw new TrustFormatException("picture", "The PNG is too large.");
        }

        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.StartsWith(signature))
        {
            throw new TrustFormatException("picture", "Not a PNG file (bad signature).", 0);
        }

        int width = 0, height = 0, colorType = -1;
        byte[]? palette = null;
        byte[]? paletteAlpha = null;
        using var idat = new MemoryStream();
        var pos = 8;
        var sawEnd = false;
        while (pos + 12 <= png.Length && !sawEnd)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            if (length > int.MaxValue || pos + 12 + (long)length > png.Length)
            {
                throw new TrustFormatException("picture", "PNG chunk runs past the end of the file.", pos);
            }

            var type = png.Slice(pos + 4, 4);
            var data = png.Slice(pos + 8, (int)length);
            if (type.SequenceEqual("IHDR"u8))
            {
                if (data.Length != 13)
                {
                    throw new TrustFormatException("picture", "Bad IHDR chunk.", pos);
                }

                width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data), int.MaxValue);
                height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[4..]), int.MaxValue);
                var bitDepth = data[8];
                colorType = data[9];
                var interlace = data[12];
                if (bitDepth != 8 || interlace != 0 || colorType is not (0 or 2 or 3 or 4 or 6))
                {
                    throw new TrustFormatException("picture", "Only non-interlaced 8-bit PNG images are supported.", pos);
                }

                if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
                {
                    throw new TrustFormatException("picture", "PNG dimensions are zero or too large.", pos);
                }
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                palette = data.ToArray();
            }
            else if (type.SequenceEqual("tRNS"u8))
            {
                paletteAlpha = data.ToArray();
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(data);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
            }

            pos += 12 + (int)length;
        }

        if (colorType < 0 || idat.Length == 0)
        {
            throw new TrustFormatException("picture", "PNG has no IHDR or no image data.");
        }

        if (colorType == 3 && palette is null)
        {
            throw new TrustFormatException("picture", "Palette PNG without PLTE chunk.");
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        var stride = width * channels;
        var raw = Inflate(idat, (long)(stride + 1) * height);
        Unfilter(raw, stride, height, channels);

        var rgb = new byte[width * height * 3];
        var alpha = new byte[width * height];
        var opaque = true;
        for (var y = 0; y < height; y++)
        {
            var row = (y * (stride + 1)) + 1;
            for (var x = 0; x < width; x++)
            {
                var p = row + (x * channels);
                var o = (y * width) + x;
                byte r, g, b, a = 255;
                switch (colorType)
                {
                    case 0: r = g = b = raw[p]; break;
                    case 2: r = raw[p]; g = raw[p + 1]; b = raw[p + 2]; break;
                    case 3:
                        var idx = raw[p];
                        if ((idx * 3) + 2 >= palette!.Length)
                        {
                            throw new TrustFormatException("picture", "Palette index out of range.");
                        }

                        r = palette[idx * 3]; g = palette[(idx * 3) + 1]; b = palette[(idx * 3) + 2];
                        if (paletteAlpha is not null && idx < paletteAlpha.Length)
                        {
                            a = paletteAlpha[idx];
                        }

                        break;
                    case 4: r = g = b = raw[p]; a = raw[p + 1]; break;
                    default: r = raw[p]; g = raw[p + 1]; b = raw[p + 2]; a = raw[p + 3]; break;
                }

                rgb[o * 3] = r;
                rgb[(o * 3) + 1] = g;
                rgb[(o * 3) + 2] = b;
                alpha[o] = a;
                opaque &= a == 255;
            }
        }

        return new PngImage(width, height, rgb, opaque ? null : alpha);
    }

    private static byte[] Inflate(MemoryStream idat, long expected)
    {
        idat.Position = 0;
        var result = new byte[expected];
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            z.ReadExactly(result);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new TrustFormatException("picture", "PNG image data is corrupt or truncated.", null, ex);
        }

        return result;
    }

    /// <summary>Reverses the five PNG filter types (ISO/IEC 15948 section 9.2).</summary>
    private static void Unfilter(byte[] raw, int stride, int height, int bpp)
    {
        for (var y = 0; y < height; y++)
        {
            var row = y * (stride + 1);
            var prev = row - (stride + 1);
            var filter = raw[row];
            for (var i = 0; i < stride; i++)
            {
                var at = row + 1 + i;
                int a = i >= bpp ? raw[at - bpp] : 0;
                int b = y > 0 ? raw[prev + 1 + i] : 0;
                int c = i >= bpp && y > 0 ? raw[prev + 1 + i - bpp] : 0;
                raw[at] = filter switch
                {
                    0 => raw[at],
                    1 => (byte)(raw[at] + a),
                    2 => (byte)(raw[at] + b),
                    3 => (byte)(raw[at] + ((a + b) >> 1)),
                    4 => (byte)(raw[at] + Paeth(a, b, c)),
                    _ => throw new TrustFormatException("picture", "Unknown PNG filter type."),
                };
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
