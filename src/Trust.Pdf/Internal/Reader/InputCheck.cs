namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// Cheap checks before any parsing, reading a bounded number of bytes whatever the file size:
/// the size limit, a <c>%PDF-</c> header in the first 1024 bytes and a <c>startxref</c> or
/// <c>%%EOF</c> in the last <see cref="TailWindow"/> bytes (ISO 32000-1 section 7.5.5; readers look
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

        var tail = new byte[(int)Math.Min(length, TailWindow)];
        file.Position = length - tail.Length;
        file.ReadExactly(tail);
        return tail.AsSpan().IndexOf("startxref"u8) < 0 && tail.AsSpan().IndexOf("%%EOF"u8) < 0 ? "pdf.unreadable" : null;
    }
}
