using System.Buffers.Binary;
using QRCoder;
using SkiaSharp;

namespace Trust.Web.Tests;

/// <summary>Pictures for the QR reading tests: clean QR codes, phone-photo-like ones, and crafted headers.</summary>
internal static class TestImages
{
    /// <summary>A QR code of <paramref name="text"/> as a PNG screenshot (black on white, quiet zone included).</summary>
    public static byte[] QrPng(string text, int pixelsPerModule = 4)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>
    /// The QR code as a camera might see it: on a large grey background, slightly rotated, off
    /// centre, JPEG-compressed. Larger than the decoder's working size, so it is read subsampled.
    /// </summary>
    public static byte[] QrPhotoJpeg(string text, int width = 3000, int height = 2200)
    {
        using var qr = SKBitmap.Decode(QrPng(text, 8));
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(0x8a, 0x8f, 0x96));
        using (var phone = new SKPaint { Color = new SKColor(0x20, 0x20, 0x24) })
        {
            canvas.DrawRect(new SKRect(width * 0.3f, height * 0.1f, width * 0.3f + (qr.Width * 1.3f), height * 0.1f + (qr.Height * 1.6f)), phone);
        }

        canvas.Translate(width * 0.3f + (qr.Width * 0.15f), height * 0.1f + (qr.Height * 0.3f));
        canvas.RotateDegrees(4);
        using (var qrImage = SKImage.FromBitmap(qr))
        {
            canvas.DrawImage(qrImage, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
        }

        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return encoded.ToArray();
    }

    /// <summary>A plain picture with no QR code in it.</summary>
    public static byte[] PlainPng(int width = 200, int height = 120)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.CornflowerBlue);
        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    /// <summary>
    /// A PNG whose header claims <paramref name="width"/> x <paramref name="height"/> pixels, with one
    /// tiny IDAT: a decoder that trusted the header would allocate gigabytes.
    /// </summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 6;  // RGBA
        WriteChunk(output, "IHDR", ihdr);
        WriteChunk(output, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typeAndData));
        output.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
