using System.Globalization;
using System.Text;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// One-page PDFs with a classic xref table, written straight to a stream. A padding stream object of the
/// requested size (random bytes, never drawn) comes first, so the file can be any size without being held in memory.
/// </summary>
internal static class TestPdfFiles
{
    public static byte[] Create(long paddingBytes = 0)
    {
        using var memory = new MemoryStream();
        Write(memory, paddingBytes);
        return memory.ToArray();
    }

    public static void WriteFile(string path, long paddingBytes)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        Write(file, paddingBytes);
    }

    private static void Write(Stream output, long paddingBytes)
    {
        long position = 0;
        void W(string text)
        {
            var bytes = Encoding.Latin1.GetBytes(text);
            output.Write(bytes);
            position += bytes.Length;
        }

        W("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
        const string content = "BT /F1 24 Tf 72 700 Td (Sealed over gRPC) Tj ET";
        string[] bodies =
        [
            "<< /Type /Catalog /Pages 3 0 R >>",
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 5 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ];
        var offsets = new long[5];
        offsets[0] = position;
        W($"1 0 obj\n<< /Length {paddingBytes} >>\nstream\n");
        var chunk = new byte[1 << 20];
        new Random(7).NextBytes(chunk);
        for (long written = 0; written < paddingBytes;)
        {
            var n = (int)Math.Min(chunk.Length, paddingBytes - written);
            output.Write(chunk, 0, n);
            written += n;
        }

        position += paddingBytes;
        W("\nendstream\nendobj\n");
        for (var i = 0; i < bodies.Length; i++)
        {
            offsets[i + 1] = position;
            W($"{i + 2} 0 obj\n{bodies[i]}\nendobj\n");
        }

        var xref = position;
        W("xref\n0 6\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            W(offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n\r\n");
        }

        W($"trailer\n<< /Size 6 /Root 2 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n");
    }
}
