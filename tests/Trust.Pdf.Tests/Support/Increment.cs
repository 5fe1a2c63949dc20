using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Trust.Pdf.Tests.Support;

/// <summary>Appends hand-written incremental updates (the attacker's tool in the attack tests).</summary>
internal static class Increment
{
    /// <summary>Appends objects (number -> body) with a classic xref section and trailer (or without either).</summary>
    public static byte[] Append(byte[] pdf, IReadOnlyDictionary<int, string> objects, bool withXref = true, string? root = null)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var prev = long.Parse(Regex.Matches(text, @"startxref\s+(\d+)")[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var size = Regex.Matches(text, @"/Size (\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Max();
        root ??= Regex.Matches(text, @"/Root (\d+ \d+ R)")[^1].Groups[1].Value;
        using var ms = new MemoryStream();
        ms.Write(pdf);
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        var offsets = new SortedDictionary<int, long>();
        foreach (var (n, body) in objects)
        {
            offsets[n] = ms.Position;
            W($"{n} 0 obj\n{body}\nendobj\n");
        }

        if (!withXref)
        {
            return ms.ToArray();
        }

        var xref = ms.Position;
        W("xref\n");
        foreach (var (n, o) in offsets)
        {
            W($"{n} 1\n{o:D10} 00000 n\r\n");
        }

        var newSize = Math.Max(size, offsets.Count == 0 ? 0 : offsets.Keys.Max() + 1);
        W($"trailer\n<< /Size {newSize} /Root {root} /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n");
        return ms.ToArray();
    }

    /// <summary>Replaces the first occurrence of <paramref name="find"/> (same length) in place.</summary>
    public static byte[] Patch(byte[] pdf, string find, string replace, int startAt = 0)
    {
        if (find.Length != replace.Length)
        {
            throw new ArgumentException("Patches must keep the length.");
        }

        var copy = (byte[])pdf.Clone();
        var idx = copy.AsSpan(startAt).IndexOf(Encoding.Latin1.GetBytes(find));
        if (idx < 0)
        {
            throw new InvalidOperationException("Pattern not found: " + find);
        }

        Encoding.Latin1.GetBytes(replace).CopyTo(copy, startAt + idx);
        return copy;
    }

    /// <summary>The /ByteRange values of the last signature dictionary.</summary>
    public static long[] LastByteRange(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var m = Regex.Matches(text, @"/ByteRange \[(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")[^1];
        return [.. Enumerable.Range(1, 4).Select(i => long.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture))];
    }
}
