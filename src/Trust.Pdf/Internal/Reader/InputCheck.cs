namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// Cheap checks before any parsing, reading a bounded number of bytes whatever the file size:
/// the size limit, a <c>%PDF-</c> header in the first 1024 bytes and a <c>startxref</c> or
/// <c>%%EOF</c> in the last <see cref="TailWindow"/> bytes before any trailing white space (ISO 32000-1 section 7.5.5; readers look
/// for the trailer at the end). A file that fails them is refused in milliseconds instead of being
/// handed to a lenient parser that would search the whole file for objects.
/// </summary>
internal static class InputCheck
{
    /// <summary>How far from the end the last <c>startxref</c>/<c>%%EOF</c> may be.</summary>
    public const int TailWindow = 64 * 1024;

    private const int HeaderWindow = 1024;

    /// <summary>The reason to refuse the input (<c>limit.input_size</c> or <c>pdf.unreadable</c>), or null to go on.</summary>
    public static string? Refusal(Stream file, ParseLimits limits)
    {
        var length = file.Length;
        if (length > limits.MaxInputBytes)
        {
            return "limit.input_size";
        }

        var head = new byte[(int)Math.Min(length, HeaderWindow)];
        file.Position = 0;
        file.ReadExactly(head);
        if (head.AsSpan().IndexOf("%PDF-"u8) < 0)
        {
            return "pdf.unreadable";
        }

        var contentEnd = EndOfContent(file, length);
        var tail = new byte[(int)Math.Min(contentEnd, TailWindow)];
        file.Position = contentEnd - tail.Length;
        file.ReadExactly(tail);
        return tail.AsSpan().IndexOf("startxref"u8) < 0 && tail.AsSpan().IndexOf("%%EOF"u8) < 0 ? "pdf.unreadable" : null;
    }

    /// <summary>
    /// The offset just past the last byte that is not white space (trailing white space and NULs
    /// after %%EOF are harmless padding): one backwards pass in 64 KB blocks, no allocation per byte.
    /// </summary>
    public static long EndOfContent(Stream file, long length)
    {
        var buffer = new byte[64 * 1024];
        var end = length;
        while (end > 0)
        {
            var n = (int)Math.Min(buffer.Length, end);
            file.Position = end - n;
            file.ReadExactly(buffer, 0, n);
            var last = buffer.AsSpan(0, n).LastIndexOfAnyExcept(WhiteSpace);
            if (last >= 0)
            {
                return end - n + last + 1;
            }

            end -= n;
        }

        return 0;
    }

    private static ReadOnlySpan<byte> WhiteSpace => [0, 9, 10, 12, 13, 32];

    /// <summary>
    /// Largest file (or revision) a damaged cross-reference pointer may be repaired in: PdfPig's lenient
    /// parser then searches the whole input byte by byte, which is linear but slow, so it is allowed
    /// only up to this size.
    /// </summary>
    public const long RepairLimit = 16L << 20;

    /// <summary>Whether <c>startxref</c> occurs in the last <see cref="TailWindow"/> of the first <paramref name="length"/> bytes.</summary>
    public static bool HasStartXrefNearEnd(Stream file, long length)
    {
        var tail = new byte[(int)Math.Min(length, TailWindow)];
        file.Position = length - tail.Length;
        file.ReadExactly(tail);
        return tail.AsSpan().IndexOf("startxref"u8) >= 0;
    }

    /// <summary>
    /// Whether the last <c>startxref</c> in the final <see cref="TailWindow"/> bytes of the first
    /// <paramref name="length"/> bytes points at an <c>xref</c> keyword or an <c>N G obj</c> header.
    /// </summary>
    public static bool StartXrefPointsAtSection(Stream file, long length)
    {
        var tail = new byte[(int)Math.Min(length, TailWindow)];
        file.Position = length - tail.Length;
        file.ReadExactly(tail);
        var idx = tail.AsSpan().LastIndexOf("startxref"u8);
        if (idx < 0)
        {
            return false;
        }

        var i = idx + 9;
        while (i < tail.Length && PdfRevisionReader.IsWhite(tail[i]))
        {
            i++;
        }

        long offset = 0;
        var digits = 0;
        for (; i < tail.Length && tail[i] is >= (byte)'0' and <= (byte)'9' && digits < 19; i++, digits++)
        {
            offset = (offset * 10) + (tail[i] - '0');
        }

        if (digits == 0 || offset >= length)
        {
            return false;
        }

        var head = new byte[(int)Math.Min(48, length - offset)];
        file.Position = offset;
        file.ReadExactly(head);
        var span = head.AsSpan();
        var j = 0;
        while (j < span.Length && PdfRevisionReader.IsWhite(span[j]))
        {
            j++;
        }

        span = span[j..];
        return span.StartsWith("xref"u8) || IsObjectHeader(span);
    }

    private static bool IsObjectHeader(ReadOnlySpan<byte> s)
    {
        var i = 0;
        for (var part = 0; part < 2; part++)
        {
            var start = i;
            while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9')
            {
                i++;
            }

            if (i == start || i >= s.Length || !PdfRevisionReader.IsWhite(s[i]))
            {
                return false;
            }

            while (i < s.Length && PdfRevisionReader.IsWhite(s[i]))
            {
                i++;
            }
        }

        return s[i..].StartsWith("obj"u8);
    }
}
