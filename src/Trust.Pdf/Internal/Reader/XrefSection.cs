using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Core;

namespace Trust.Pdf.Internal.Reader;

/// <summary>One entry of a cross-reference section as written (ISO 32000-1 sections 7.5.4 and 7.5.8.3).</summary>
/// <param name="ObjectNumber">The object number.</param>
/// <param name="Generation">The generation (for a compressed object: 0).</param>
/// <param name="Type">0 free, 1 in use at a byte offset, 2 compressed in an object stream.</param>
/// <param name="Value">The byte offset (type 1) or the object stream number (type 2).</param>
internal sealed record XrefEntry(long ObjectNumber, int Generation, int Type, long Value);

/// <summary>
/// Reads the entries of the last cross-reference section of one revision exactly as written,
/// free entries included (PdfPig merges sections and drops what an incremental update frees).
/// </summary>
internal static class XrefSection
{
    /// <summary>The entries of the section the revision's startxref names; at most <see cref="ParseLimits.MaxObjects"/>.</summary>
    /// <exception cref="TrustFormatException">The section cannot be read.</exception>
    public static List<XrefEntry> LastSection(PdfRevisionReader reader)
    {
        var limits = ParseLimits.Current;
        var (offset, kind) = reader.LastXref();
        return kind == XrefKind.Table ? ReadTable(reader, offset, limits) : ReadStream(reader, offset, limits);
    }

    private static List<XrefEntry> ReadTable(PdfRevisionReader reader, long offset, ParseLimits limits)
    {
        var entries = new List<XrefEntry>();
        var tokens = new Tokens(reader.Source, offset, reader.Length);
        if (tokens.Next() != "xref")
        {
            throw new TrustFormatException("xref", "No xref keyword at the section start.", offset);
        }

        while (true)
        {
            var first = tokens.Next();
            if (first is null or "trailer")
            {
                return entries;
            }

            if (!long.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start) || !long.TryParse(tokens.Next(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || start < 0 || count < 0)
            {
                throw new TrustFormatException("xref", "Malformed subsection header.", tokens.Position);
            }

            for (long i = 0; i < count; i++)
            {
                if (entries.Count >= limits.MaxObjects)
                {
                    throw limits.Fail("limit.objects", $"The section lists more than {limits.MaxObjects} objects.");
                }

                var ok = long.TryParse(tokens.Next(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) & int.TryParse(tokens.Next(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var gen);
                var type = tokens.Next();
                if (!ok || type is not ("n" or "f"))
                {
                    throw new TrustFormatException("xref", "Malformed entry.", tokens.Position);
                }

                entries.Add(new XrefEntry(start + i, gen, type == "n" ? 1 : 0, value));
            }
        }
    }

    private static List<XrefEntry> ReadStream(PdfRevisionReader reader, long offset, ParseLimits limits)
    {
        var reference = reader.ObjectOffsets.FirstOrDefault(kv => kv.Value == offset).Key;
        if (reader.GetObject(reference) is not StreamToken stream)
        {
            throw new TrustFormatException("xref", "The cross-reference stream cannot be read.", offset);
        }

        var dict = stream.StreamDictionary;
        var data = stream.Decode(new LimitingFilterProvider(limits)).Span;
        if (!dict.TryGet(NameToken.W, out var wToken) || wToken is not ArrayToken { Length: 3 } w
            || w.Data.Any(t => t is not NumericToken { Int: >= 0 and <= 8 }))
        {
            throw new TrustFormatException("W", "The cross-reference stream /W is malformed.", offset);
        }

        var widths = w.Data.Select(t => ((NumericToken)t).Int).ToArray();
        var rowLength = widths.Sum();
        var size = dict.TryGet(NameToken.Size, out var s) && s is NumericToken sn ? sn.Long : 0;
        var index = dict.TryGet(NameToken.Index, out var idx) && idx is ArrayToken ia
            ? ia.Data.OfType<NumericToken>().Select(n => n.Long).ToArray()
            : [0, size];
        var entries = new List<XrefEntry>();
        var position = 0;
        for (var p = 0; p + 1 < index.Length; p += 2)
        {
            for (long i = 0; i < index[p + 1]; i++)
            {
                if (rowLength == 0 || position + rowLength > data.Length)
                {
                    return entries;
                }

                if (entries.Count >= limits.MaxObjects)
                {
                    throw limits.Fail("limit.objects", $"The section lists more than {limits.MaxObjects} objects.");
                }

                var row = data.Slice(position, rowLength);
                position += rowLength;
                var type = widths[0] == 0 ? 1 : (int)Field(row[..widths[0]]);
                var f2 = Field(row.Slice(widths[0], widths[1]));
                var f3 = Field(row.Slice(widths[0] + widths[1], widths[2]));
                entries.Add(new XrefEntry(index[p] + i, type == 1 ? (int)f3 : 0, type, f2));
            }
        }

        return entries;
    }

    private static long Field(ReadOnlySpan<byte> bytes)
    {
        long v = 0;
        foreach (var b in bytes)
        {
            v = (v << 8) | b;
        }

        return v;
    }

    /// <summary>Whitespace-separated tokens of a classic xref table, read in 4 KB blocks.</summary>
    private sealed class Tokens(Stream source, long start, long end)
    {
        private readonly byte[] _buffer = new byte[4096];
        private long _bufferStart = -1;
        private int _count;

        public long Position { get; private set; } = start;

        public string? Next()
        {
            while (Peek() is { } b && PdfRevisionReader.IsWhite(b))
            {
                Position++;
            }

            var sb = new StringBuilder();
            while (Peek() is { } c && !PdfRevisionReader.IsWhite(c) && sb.Length < 32)
            {
                sb.Append((char)c);
                Position++;
            }

            return sb.Length == 0 ? null : sb.ToString();
        }

        private byte? Peek()
        {
            if (Position >= end)
            {
                return null;
            }

            if (_bufferStart < 0 || Position < _bufferStart || Position >= _bufferStart + _count)
            {
                _bufferStart = Position;
                source.Position = Position;
                _count = source.Read(_buffer, 0, (int)Math.Min(_buffer.Length, end - Position));
                if (_count <= 0)
                {
                    return null;
                }
            }

            return _buffer[Position - _bufferStart];
        }
    }
}
