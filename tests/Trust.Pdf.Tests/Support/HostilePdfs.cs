using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Trust.Pdf.Tests.Support;

/// <summary>Hostile inputs generated in code: padding, many revisions, zlib bombs, deep nesting, xref-only updates.</summary>
internal static class HostilePdfs
{
    /// <summary>
    /// A zlib stream that inflates to <paramref name="zeros"/> zero bytes (a multiple of 1 MiB): one raw-deflate
    /// chunk of 1 MiB of zeros ending on a byte boundary (sync flush), repeated, then an empty final block
    /// and the correct Adler-32. About 1 KB per MiB.
    /// </summary>
    public static byte[] ZlibZeros(long zeros)
    {
        const int chunkBytes = 1 << 20;
        byte[] chunk;
        using (var ms = new MemoryStream())
        {
            var deflate = new DeflateStream(ms, CompressionLevel.SmallestSize, leaveOpen: true);
            deflate.Write(new byte[chunkBytes]);
            deflate.Flush();
            chunk = ms.ToArray();
            deflate.Dispose();
        }

        var count = zeros / chunkBytes;
        using var output = new MemoryStream();
        output.Write([0x78, 0xDA]);
        for (long i = 0; i < count; i++)
        {
            output.Write(chunk);
        }

        output.Write([0x03, 0x00]); // final fixed-Huffman block holding only end-of-block
        var adler = (uint)(((count * chunkBytes) % 65521) << 16) | 1u;
        output.Write([(byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler]);
        return output.ToArray();
    }

    /// <summary>zlib-compresses <paramref name="data"/> (a second layer makes a bomb a few KB).</summary>
    public static byte[] Zlib(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>A file whose only cross-reference section is an xref stream compressed twice with Flate inflating to <paramref name="zeros"/> bytes.</summary>
    public static byte[] XrefStreamBomb(long zeros)
    {
        var bomb = Zlib(ZlibZeros(zeros));
        using var ms = new MemoryStream();
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        W("%PDF-1.7\n");
        W("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        W("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
        var xref = ms.Position;
        W($"3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Filter [/FlateDecode /FlateDecode] /Length {bomb.Length} >>\nstream\n");
        ms.Write(bomb);
        W($"\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n");
        return ms.ToArray();
    }

    /// <summary>
    /// A file with an uncompressed xref stream whose catalog's /AcroForm (object 5) lives in object stream 3,
    /// compressed twice with Flate (<c>/Filter [/FlateDecode /FlateDecode]</c>) and inflating to <paramref name="zeros"/> bytes.
    /// </summary>
    public static byte[] ObjectStreamBomb(long zeros)
    {
        var bomb = Zlib(ZlibZeros(zeros));
        using var ms = new MemoryStream();
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        var offsets = new long[5];
        W("%PDF-1.7\n");
        offsets[1] = ms.Position;
        W("1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R >>\nendobj\n");
        offsets[2] = ms.Position;
        W("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
        offsets[3] = ms.Position;
        W($"3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode] /Length {bomb.Length} >>\nstream\n");
        ms.Write(bomb);
        W("\nendstream\nendobj\n");
        offsets[4] = ms.Position;
        var rows = new List<byte[]>
        {
            Row(0, 0, 0xFFFF),
            Row(1, offsets[1], 0),
            Row(1, offsets[2], 0),
            Row(1, offsets[3], 0),
            Row(1, offsets[4], 0),
            Row(2, 3, 0),
        };
        var data = rows.SelectMany(r => r).ToArray();
        W($"4 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length {data.Length} >>\nstream\n");
        ms.Write(data);
        W($"\nendstream\nendobj\nstartxref\n{offsets[4]}\n%%EOF\n");
        return ms.ToArray();

        static byte[] Row(int type, long field2, int field3) =>
            [(byte)type, (byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2, (byte)(field3 >> 8), (byte)field3];
    }

    /// <summary>An incremental update of <paramref name="pdf"/> whose cross-reference section is an xref stream compressed twice with Flate inflating to <paramref name="zeros"/> bytes.</summary>
    public static byte[] WithXrefStreamBombUpdate(byte[] pdf, long zeros)
    {
        var (prev, size, root) = Tail(pdf);
        var bomb = Zlib(ZlibZeros(zeros));
        using var ms = new MemoryStream();
        ms.Write(pdf);
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        var xref = ms.Position;
        W($"{size} 0 obj\n<< /Type /XRef /Size {size + 1} /W [1 4 2] /Root {root} /Prev {prev} /Filter [/FlateDecode /FlateDecode] /Length {bomb.Length} >>\nstream\n");
        ms.Write(bomb);
        W($"\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n");
        return ms.ToArray();
    }

    /// <summary>A one-page document whose catalog holds an array nested <paramref name="depth"/> deep.</summary>
    public static byte[] DeeplyNested(int depth, string open = "[", string close = "]") => TestPdfs.Assemble(
    [
        $"<< /Type /Catalog /Pages 2 0 R /Deep {Repeat(open, depth)}{Repeat(close, depth)} >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 100 EUR) Tj ET\nendstream",
    ]);

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    /// <summary>
    /// Appends <paramref name="count"/> incremental updates, each preceded by <paramref name="paddingBytes"/> of
    /// spaces and a comment line and adding one unreferenced object (a permitted change).
    /// </summary>
    public static byte[] WithPaddedRevisions(byte[] pdf, int count, int paddingBytes)
    {
        var (prev, size, root) = Tail(pdf);
        using var ms = new MemoryStream();
        ms.Write(pdf);
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        var padding = Encoding.Latin1.GetBytes(new string(' ', paddingBytes));
        for (var i = 0; i < count; i++)
        {
            ms.Write(padding);
            W("\n% padding comment\n");
            var number = size + i;
            var offset = ms.Position;
            W($"{number} 0 obj\n<< /Padding {i} >>\nendobj\n");
            var xref = ms.Position;
            W($"xref\n{number} 1\n{offset:D10} 00000 n\r\n");
            W($"trailer\n<< /Size {number + 1} /Root {root} /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n");
            prev = xref;
        }

        return ms.ToArray();
    }

    /// <summary>The last startxref, the largest /Size and the last /Root of a file.</summary>
    public static (long Prev, int Size, string Root) Tail(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var prev = long.Parse(Regex.Matches(text, @"startxref\s+(\d+)")[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var size = Regex.Matches(text, @"/Size (\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Max();
        var root = Regex.Matches(text, @"/Root (\d+ \d+ R)")[^1].Groups[1].Value;
        return (prev, size, root);
    }
}
