using System.Globalization;
using System.Text;

namespace Trust.Pdf.Tests.Support;

/// <summary>Hand-written PDFs with classic xref tables, for precise structural tests.</summary>
internal static class TestPdfs
{
    /// <summary>A PDF with <paramref name="pages"/> pages of text and a rectangle.</summary>
    public static byte[] Simple(int pages = 1, int rotate = 0, string mediaBox = "0 0 595 842", string? trailingGarbage = null, int startxrefError = 0, string extraCatalog = "", byte[]? padding = null)
    {
        var objects = new List<string>();
        // 1 catalog, 2 pages, 3 font, then per page: page, content
        var kids = string.Join(" ", Enumerable.Range(0, pages).Select(i => $"{4 + (2 * i)} 0 R"));
        objects.Add($"<< /Type /Catalog /Pages 2 0 R{extraCatalog} >>");
        objects.Add($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>");
        objects.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        for (var i = 0; i < pages; i++)
        {
            var rot = rotate != 0 ? $" /Rotate {rotate}" : string.Empty;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [{mediaBox}]{rot} /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + (2 * i)} 0 R >>");
            var content = $"BT /F1 24 Tf 72 700 Td (Page {i + 1}: pay 100 EUR) Tj ET 0 0 1 RG 50 50 200 100 re S";
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }

        return Assemble(objects, trailingGarbage, startxrefError, padding);
    }

    /// <summary>Assembles numbered objects (1..n) into a PDF with a classic xref table.</summary>
    public static byte[] Assemble(IReadOnlyList<string> objects, string? trailingGarbage = null, int startxrefError = 0, byte[]? padding = null)
    {
        using var ms = new MemoryStream();
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        W("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = ms.Position;
            W($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        if (padding is not null)
        {
            W("% padding\n");
            ms.Write(padding);
            W("\n");
        }

        var xref = ms.Position;
        W($"xref\n0 {objects.Count + 1}\n0000000000 65535 f\r\n");
        foreach (var o in offsets)
        {
            W(o.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n\r\n");
        }

        W($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref + startxrefError}\n%%EOF\n");
        if (trailingGarbage is not null)
        {
            W(trailingGarbage);
        }

        return ms.ToArray();
    }
}

/// <summary>Large PDFs written straight to disk (a big unused stream first, so later objects sit at large offsets).</summary>
internal static class LargePdfs
{
    public static void Write(string path, long approximateBytes)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        void W(string s) => fs.Write(Encoding.Latin1.GetBytes(s));
        W("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
        var offsets = new long[5];
        offsets[0] = fs.Position;
        W($"1 0 obj\n<< /Length {approximateBytes} >>\nstream\n");
        var chunk = new byte[1 << 20];
        new Random(42).NextBytes(chunk);
        for (long written = 0; written < approximateBytes;)
        {
            var n = (int)Math.Min(chunk.Length, approximateBytes - written);
            fs.Write(chunk, 0, n);
            written += n;
        }

        W("\nendstream\nendobj\n");
        const string content = "BT /F1 24 Tf 72 700 Td (Large file) Tj ET";
        string[] bodies =
        [
            "<< /Type /Catalog /Pages 3 0 R >>",
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << /Big 1 0 R >> >> /Contents 5 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ];
        for (var i = 0; i < bodies.Length; i++)
        {
            offsets[i + 1] = fs.Position;
            W($"{i + 2} 0 obj\n{bodies[i]}\nendobj\n");
        }

        var xref = fs.Position;
        W("xref\n0 6\n0000000000 65535 f\r\n");
        foreach (var o in offsets)
        {
            W(o.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n\r\n");
        }

        W($"trailer\n<< /Size 6 /Root 2 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    }
}
