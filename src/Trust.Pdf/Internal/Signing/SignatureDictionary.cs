using System.Globalization;
using System.Text;
using Trust.Pdf.Internal.Writer;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// Serialises the signature dictionary (ISO 32000-1 section 12.8.1, Table 252) with fixed-width
/// placeholders for /ByteRange and /Contents and remembers where they are, so that the values
/// can be written in place after the file is laid out.
/// </summary>
internal sealed class SignatureDictionary
{
    public const int ByteRangeFieldWidth = 20;

    private SignatureDictionary(byte[] body, int byteRangeOffset, int contentsOffset, int contentsBytes)
    {
        Body = body;
        ByteRangeOffset = byteRangeOffset;
        ContentsOffset = contentsOffset;
        ContentsBytes = contentsBytes;
    }

    /// <summary>The serialised dictionary.</summary>
    public byte[] Body { get; }

    /// <summary>Offset in <see cref="Body"/> of the first byte after "/ByteRange [".</summary>
    public int ByteRangeOffset { get; }

    /// <summary>Offset in <see cref="Body"/> of the '&lt;' that opens /Contents.</summary>
    public int ContentsOffset { get; }

    /// <summary>Bytes of CMS the placeholder holds (it is twice as many hex digits).</summary>
    public int ContentsBytes { get; }

    /// <summary>Length of the hex string including its angle brackets.</summary>
    public int ContentsTokenLength => (2 * ContentsBytes) + 2;

    public static SignatureDictionary Create(string subFilter, int contentsBytes, DateTimeOffset signingTime, string? reason, string? location, bool certify, string type = "Sig")
    {
        using var ms = new MemoryStream();
        void A(string s) => PdfObjectSerializer.WriteAscii(s, ms);
        A("<</Type ");
        PdfObjectSerializer.WriteName(type, ms);
        A(" /Filter /Adobe.PPKLite /SubFilter ");
        PdfObjectSerializer.WriteName(subFilter, ms);
        A(" /ByteRange [");
        var byteRangeOffset = (int)ms.Length;
        A("0 " + new string(' ', ByteRangeFieldWidth) + " " + new string(' ', ByteRangeFieldWidth) + " " + new string(' ', ByteRangeFieldWidth) + "]");
        A(" /Contents ");
        var contentsOffset = (int)ms.Length;
        A("<" + new string('0', 2 * contentsBytes) + ">");
        A(" /M ");
        WriteText(PdfDate(signingTime), ms);
        if (reason is not null)
        {
            A(" /Reason ");
            WriteText(reason, ms);
        }

        if (location is not null)
        {
            A(" /Location ");
            WriteText(location, ms);
        }

        if (certify)
        {
            // DocMDP transform, P=2 (ISO 32000-1 section 12.8.2.2, Table 254).
            A(" /Reference [<</Type /SigRef /TransformMethod /DocMDP /TransformParams <</Type /TransformParams /P 2 /V /1.2>>>>]");
        }

        A(">>");
        return new SignatureDictionary(ms.ToArray(), byteRangeOffset, contentsOffset, contentsBytes);
    }

    /// <summary>The /ByteRange array text that fits the placeholder exactly.</summary>
    public static byte[] FormatByteRange(long b, long c, long d)
    {
        static string Pad(long v)
        {
            var s = v.ToString(CultureInfo.InvariantCulture);
            return s.Length > ByteRangeFieldWidth ? throw new InvalidOperationException("Byte range too large.") : s.PadRight(ByteRangeFieldWidth);
        }

        return Encoding.ASCII.GetBytes("0 " + Pad(b) + " " + Pad(c) + " " + Pad(d));
    }

    /// <summary>A date string (ISO 32000-1 section 7.9.4).</summary>
    public static string PdfDate(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return "D:" + utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00'";
    }

    /// <summary>Writes a text string: PDFDocEncoding-compatible ASCII as is, otherwise UTF-16BE with BOM (section 7.9.2.2).</summary>
    public static void WriteText(string text, Stream output)
    {
        var ascii = text.All(c => c is >= ' ' and <= '~');
        var bytes = ascii ? Encoding.ASCII.GetBytes(text) : [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)];
        output.WriteByte((byte)'<');
        PdfObjectSerializer.WriteAscii(Convert.ToHexString(bytes), output);
        output.WriteByte((byte)'>');
    }
}
