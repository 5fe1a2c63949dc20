using System.Buffers.Binary;
using System.Text;

namespace Trust.Documents.Fonts;

/// <summary>
/// A TrueType (glyf outlines) font read from a .ttf or one face of a .ttc collection (OpenType 1.9, "Font
/// Collections"), and a subsetter that keeps only the glyphs of the given characters. Subset glyph ids are
/// assigned in code point order (0 = .notdef, then one per character, then components of composite glyphs), so the
/// ids a text maps to depend only on the set of characters, not on the source font file.
/// </summary>
internal sealed class TrueTypeFont
{
    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables;
    private readonly Dictionary<int, int> _cmap;
    private readonly int _numGlyphs;
    private readonly int _numberOfHMetrics;
    private readonly bool _longLoca;

    private TrueTypeFont(byte[] data, Dictionary<string, (int Offset, int Length)> tables)
    {
        _data = data;
        _tables = tables;
        foreach (var required in new[] { "head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap" })
        {
            if (!tables.ContainsKey(required))
            {
                throw new InvalidDataException($"The font has no '{required}' table (only TrueType outlines can be subset).");
            }
        }

        var head = Table("head");
        UnitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(head[18..]);
        _longLoca = BinaryPrimitives.ReadInt16BigEndian(head[50..]) == 1;
        XMin = BinaryPrimitives.ReadInt16BigEndian(head[36..]);
        YMin = BinaryPrimitives.ReadInt16BigEndian(head[38..]);
        XMax = BinaryPrimitives.ReadInt16BigEndian(head[40..]);
        YMax = BinaryPrimitives.ReadInt16BigEndian(head[42..]);
        var hhea = Table("hhea");
        Ascender = BinaryPrimitives.ReadInt16BigEndian(hhea[4..]);
        Descender = BinaryPrimitives.ReadInt16BigEndian(hhea[6..]);
        _numberOfHMetrics = BinaryPrimitives.ReadUInt16BigEndian(hhea[34..]);
        _numGlyphs = BinaryPrimitives.ReadUInt16BigEndian(Table("maxp")[4..]);
        if (UnitsPerEm == 0 || _numberOfHMetrics == 0 || _numberOfHMetrics > _numGlyphs)
        {
            throw new InvalidDataException("The font's head/hhea/maxp tables are inconsistent.");
        }

        _cmap = ReadCmap(Table("cmap"));
        FamilyName = ReadName(1) ?? "Font";
        PostScriptName = ReadName(6) ?? "Font";
    }

    public int UnitsPerEm { get; }

    public int Ascender { get; }

    public int Descender { get; }

    public int XMin { get; }

    public int YMin { get; }

    public int XMax { get; }

    public int YMax { get; }

    public string FamilyName { get; }

    public string PostScriptName { get; }

    /// <summary>Reads face <paramref name="faceIndex"/> of a .ttc, or the font of a .ttf.</summary>
    /// <exception cref="InvalidDataException">Not a TrueType font, or a table lies outside the file.</exception>
    public static TrueTypeFont Load(byte[] data, int faceIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            var offset = 0;
            if (data.Length >= 12 && Encoding.ASCII.GetString(data, 0, 4) == "ttcf")
            {
                var count = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8)));
                if (faceIndex < 0 || faceIndex >= count)
                {
                    throw new InvalidDataException($"The collection has {count} faces; face {faceIndex} asked.");
                }

                offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(12 + (4 * faceIndex))));
            }

            var version = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            if (version != 0x00010000 && version != 0x74727565)
            {
                throw new InvalidDataException("Not a TrueType font (CFF-based OpenType fonts are not supported).");
            }

            var numTables = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset + 4));
            var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
            for (var i = 0; i < numTables; i++)
            {
                var record = data.AsSpan(offset + 12 + (16 * i), 16);
                var tag = Encoding.ASCII.GetString(record[..4]);
                var tableOffset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]));
                var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
                if (tableOffset < 0 || length < 0 || (long)tableOffset + length > data.Length)
                {
                    throw new InvalidDataException($"The font's '{tag}' table lies outside the file.");
                }

                tables[tag] = (tableOffset, length);
            }

            return new TrueTypeFont(data, tables);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("The font file is truncated or malformed.", ex);
        }
    }

    /// <summary>Whether the font maps <paramref name="codePoint"/> to a glyph.</summary>
    public bool Has(int codePoint) => _cmap.ContainsKey(codePoint);

    /// <summary>Subsets the font to the characters of <paramref name="codePoints"/> (duplicates ignored).</summary>
    /// <exception cref="InvalidDataException">A glyph or table of the font is malformed.</exception>
    public FontSubset Subset(IEnumerable<int> codePoints)
    {
        ArgumentNullException.ThrowIfNull(codePoints);
        try
        {
            return SubsetCore(codePoints);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException or KeyNotFoundException)
        {
            throw new InvalidDataException("The font's glyph data is malformed.", ex);
        }
    }

    private FontSubset SubsetCore(IEnumerable<int> codePoints)
    {
        var chars = codePoints.Distinct().Order().ToArray();
        var oldIds = new List<int> { 0 };
        var newIdOf = new Dictionary<int, int> { [0] = 0 };
        var gidOfChar = new Dictionary<int, int>();
        foreach (var c in chars)
        {
            var old = _cmap.TryGetValue(c, out var g) && g < _numGlyphs ? g : 0;
            if (old == 0)
            {
                gidOfChar[c] = 0;
                continue;
            }

            if (!newIdOf.TryGetValue(old, out var id))
            {
                id = oldIds.Count;
                oldIds.Add(old);
                newIdOf[old] = id;
            }

            gidOfChar[c] = id;
        }

        // Components of composite glyphs join the subset after the characters' glyphs.
        for (var i = 0; i < oldIds.Count; i++)
        {
            foreach (var component in Components(Glyph(oldIds[i])))
            {
                if (component < _numGlyphs && !newIdOf.ContainsKey(component))
                {
                    newIdOf[component] = oldIds.Count;
                    oldIds.Add(component);
                }
            }
        }

        var glyf = new MemoryStream();
        var loca = new byte[4 * (oldIds.Count + 1)];
        var hmtx = new byte[4 * oldIds.Count];
        var widths = new int[oldIds.Count];
        for (var i = 0; i < oldIds.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * i), (uint)glyf.Length);
            var glyph = Glyph(oldIds[i]).ToArray();
            RemapComponents(glyph, newIdOf);
            glyf.Write(glyph);
            while (glyf.Length % 4 != 0)
            {
                glyf.WriteByte(0);
            }

            var (advance, lsb) = Metrics(oldIds[i]);
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * i), (ushort)advance);
            BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan((4 * i) + 2), (short)lsb);
            widths[i] = (int)Math.Round(advance * 1000.0 / UnitsPerEm);
        }

        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * oldIds.Count), (uint)glyf.Length);

        var head = Table("head").ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1);
        var hhea = Table("hhea").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)oldIds.Count);
        var maxp = Table("maxp").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)oldIds.Count);
        var post = new byte[32];
        Table("post").Slice(0, Math.Min(32, _tables.GetValueOrDefault("post").Length)).CopyTo(post);
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["cmap"] = BuildCmap(gidOfChar),
            ["glyf"] = glyf.ToArray(),
            ["head"] = head,
            ["hhea"] = hhea,
            ["hmtx"] = hmtx,
            ["loca"] = loca,
            ["maxp"] = maxp,
            ["post"] = post,
        };
        foreach (var keep in new[] { "name", "OS/2", "cvt ", "fpgm", "prep" })
        {
            if (_tables.ContainsKey(keep))
            {
                tables[keep] = Table(keep).ToArray();
            }
        }

        return new FontSubset(this, WriteFont(tables), gidOfChar, widths);
    }

    private ReadOnlySpan<byte> Table(string tag) =>
        _tables.TryGetValue(tag, out var t) ? _data.AsSpan(t.Offset, t.Length) : [];

    private ReadOnlySpan<byte> Glyph(int gid)
    {
        var loca = Table("loca");
        int start, end;
        if (_longLoca)
        {
            start = (int)BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * gid)..]);
            end = (int)BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * (gid + 1))..]);
        }
        else
        {
            start = 2 * BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * gid)..]);
            end = 2 * BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * (gid + 1))..]);
        }

        var glyf = Table("glyf");
        if (start < 0 || end < start || end > glyf.Length)
        {
            throw new InvalidDataException($"Glyph {gid} lies outside the 'glyf' table.");
        }

        return glyf[start..end];
    }

    private (int Advance, int Lsb) Metrics(int gid)
    {
        var hmtx = Table("hmtx");
        if (gid < _numberOfHMetrics)
        {
            return (BinaryPrimitives.ReadUInt16BigEndian(hmtx[(4 * gid)..]), BinaryPrimitives.ReadInt16BigEndian(hmtx[((4 * gid) + 2)..]));
        }

        var advance = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(4 * (_numberOfHMetrics - 1))..]);
        var lsbOffset = (4 * _numberOfHMetrics) + (2 * (gid - _numberOfHMetrics));
        return (advance, lsbOffset + 2 <= hmtx.Length ? BinaryPrimitives.ReadInt16BigEndian(hmtx[lsbOffset..]) : 0);
    }

    /// <summary>The glyph ids a composite glyph refers to (OpenType 'glyf', composite glyph description).</summary>
    private static List<int> Components(ReadOnlySpan<byte> glyph)
    {
        var result = new List<int>();
        ForEachComponent(glyph, (_, gid) => result.Add(gid));
        return result;
    }

    private static void RemapComponents(byte[] glyph, Dictionary<int, int> newIdOf) =>
        ForEachComponent(glyph, (offset, gid) => BinaryPrimitives.WriteUInt16BigEndian(glyph.AsSpan(offset), (ushort)newIdOf[gid]));

    private static void ForEachComponent(ReadOnlySpan<byte> glyph, Action<int, int> visit)
    {
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0)
        {
            return;
        }

        var p = 10;
        while (true)
        {
            var flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[p..]);
            visit(p + 2, BinaryPrimitives.ReadUInt16BigEndian(glyph[(p + 2)..]));
            p += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            p += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            if ((flags & 0x0020) == 0)
            {
                return;
            }
        }
    }

    private static Dictionary<int, int> ReadCmap(ReadOnlySpan<byte> cmap)
    {
        var numTables = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int best = -1, bestRank = 0;
        for (var i = 0; i < numTables; i++)
        {
            var platform = BinaryPrimitives.ReadUInt16BigEndian(cmap[(4 + (8 * i))..]);
            var encoding = BinaryPrimitives.ReadUInt16BigEndian(cmap[(6 + (8 * i))..]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(cmap[(8 + (8 * i))..]);
            var format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            var rank = (platform, encoding, format) switch
            {
                (3, 10, 12) => 3,
                (0, _, 12) => 3,
                (3, 1, 4) => 2,
                (0, _, 4) => 2,
                _ => 0,
            };
            if (rank > bestRank)
            {
                best = offset;
                bestRank = rank;
            }
        }

        if (best < 0)
        {
            throw new InvalidDataException("The font has no Unicode cmap subtable (format 4 or 12).");
        }

        var map = new Dictionary<int, int>();
        var sub = cmap[best..];
        if (BinaryPrimitives.ReadUInt16BigEndian(sub) == 12)
        {
            var groups = BinaryPrimitives.ReadUInt32BigEndian(sub[12..]);
            for (var g = 0; g < groups; g++)
            {
                var rec = sub[(16 + (12 * g))..];
                var startChar = (int)BinaryPrimitives.ReadUInt32BigEndian(rec);
                var endChar = (int)BinaryPrimitives.ReadUInt32BigEndian(rec[4..]);
                var startGlyph = (int)BinaryPrimitives.ReadUInt32BigEndian(rec[8..]);
                for (var c = startChar; c <= endChar && c <= 0x10FFFF; c++)
                {
                    map[c] = startGlyph + (c - startChar);
                }
            }

            return map;
        }

        var segX2 = BinaryPrimitives.ReadUInt16BigEndian(sub[6..]);
        var ends = 14;
        var starts = ends + segX2 + 2;
        var deltas = starts + segX2;
        var rangeOffsets = deltas + segX2;
        for (var s = 0; s < segX2 / 2; s++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(sub[(ends + (2 * s))..]);
            int start = BinaryPrimitives.ReadUInt16BigEndian(sub[(starts + (2 * s))..]);
            var delta = BinaryPrimitives.ReadInt16BigEndian(sub[(deltas + (2 * s))..]);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(sub[(rangeOffsets + (2 * s))..]);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int gid;
                if (rangeOffset == 0)
                {
                    gid = (c + delta) & 0xFFFF;
                }
                else
                {
                    var at = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                    gid = BinaryPrimitives.ReadUInt16BigEndian(sub[at..]);
                    if (gid != 0)
                    {
                        gid = (gid + delta) & 0xFFFF;
                    }
                }

                if (gid != 0)
                {
                    map[c] = gid;
                }
            }
        }

        return map;
    }

    private string? ReadName(int nameId)
    {
        var name = Table("name");
        if (name.Length < 6)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(name[2..]);
        var storage = BinaryPrimitives.ReadUInt16BigEndian(name[4..]);
        for (var i = 0; i < count; i++)
        {
            var rec = name[(6 + (12 * i))..];
            var platform = BinaryPrimitives.ReadUInt16BigEndian(rec);
            var id = BinaryPrimitives.ReadUInt16BigEndian(rec[6..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(rec[8..]);
            var offset = BinaryPrimitives.ReadUInt16BigEndian(rec[10..]);
            if (id == nameId && platform == 3)
            {
                var text = Encoding.BigEndianUnicode.GetString(name.Slice(storage + offset, length));
                if (text.All(ch => ch is > ' ' and < (char)127))
                {
                    return text;
                }
            }
        }

        return null;
    }

    /// <summary>A format 4 subtable (platform 3, encoding 1) mapping each character to its subset glyph.</summary>
    private static byte[] BuildCmap(Dictionary<int, int> gidOfChar)
    {
        var pairs = gidOfChar.Where(p => p.Key < 0xFFFF && p.Value != 0).OrderBy(p => p.Key).ToList();
        var segments = new List<(int Start, int End, int FirstGid)>();
        foreach (var (c, g) in pairs)
        {
            if (segments.Count > 0 && segments[^1].End == c - 1 && segments[^1].FirstGid + (c - segments[^1].Start) == g)
            {
                segments[^1] = (segments[^1].Start, c, segments[^1].FirstGid);
            }
            else
            {
                segments.Add((c, c, g));
            }
        }

        segments.Add((0xFFFF, 0xFFFF, 1));
        var segCount = segments.Count;
        var length = 16 + (8 * segCount);
        var sub = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(sub, 4);
        BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(6), (ushort)(segCount * 2));
        var searchRange = 2 * (1 << (int)Math.Floor(Math.Log2(segCount)));
        BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(8), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(10), (ushort)Math.Log2(searchRange / 2));
        BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(12), (ushort)((segCount * 2) - searchRange));
        for (var s = 0; s < segCount; s++)
        {
            var (start, end, first) = segments[s];
            BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(14 + (2 * s)), (ushort)end);
            BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(16 + (2 * segCount) + (2 * s)), (ushort)start);
            BinaryPrimitives.WriteUInt16BigEndian(sub.AsSpan(16 + (4 * segCount) + (2 * s)), (ushort)((first - start) & 0xFFFF));
        }

        var cmap = new byte[12 + length];
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(8), 12);
        sub.CopyTo(cmap, 12);
        return cmap;
    }

    private static byte[] WriteFont(SortedDictionary<string, byte[]> tables)
    {
        var n = tables.Count;
        var output = new MemoryStream();
        var header = new byte[12 + (16 * n)];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)n);
        var searchRange = 16 * (1 << (int)Math.Floor(Math.Log2(n)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)Math.Floor(Math.Log2(n)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)((16 * n) - searchRange));
        output.Write(header);
        var i = 0;
        var headOffset = 0;
        foreach (var (tag, data) in tables)
        {
            var record = header.AsSpan(12 + (16 * i));
            Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)output.Length);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            if (tag == "head")
            {
                headOffset = (int)output.Length;
            }

            output.Write(data);
            while (output.Length % 4 != 0)
            {
                output.WriteByte(0);
            }

            i++;
        }

        var font = output.ToArray();
        header.CopyTo(font, 0);
        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headOffset + 8), 0xB1B0AFBA - Checksum(font));
        return font;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            last.Clear();
            data[i..].CopyTo(last);
            sum += BinaryPrimitives.ReadUInt32BigEndian(last);
        }

        return sum;
    }
}

/// <summary>A subset font: the TrueType bytes, the glyph of each character, and advance widths in 1/1000 em.</summary>
internal sealed class FontSubset(TrueTypeFont source, byte[] data, IReadOnlyDictionary<int, int> gidOfChar, int[] widths)
{
    public TrueTypeFont Source { get; } = source;

    public byte[] Data { get; } = data;

    public IReadOnlyDictionary<int, int> GlyphOf { get; } = gidOfChar;

    /// <summary>Advance width of each subset glyph, in thousandths of the em.</summary>
    public IReadOnlyList<int> Widths { get; } = widths;

    public int Glyph(int codePoint) => GlyphOf.TryGetValue(codePoint, out var g) ? g : 0;
}
