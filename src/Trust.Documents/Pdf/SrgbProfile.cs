using System.Buffers.Binary;
using System.Text;

namespace Trust.Documents.Pdf;

/// <summary>
/// A small ICC version 2 display profile for sRGB (IEC 61966-2-1): D50-adapted primaries (the Bradford-adapted
/// matrix of the sRGB specification), D50 media white point, gamma 2.2 tone curves. Generated, so the PDF/A output
/// intent (ISO 19005-3 section 6.2.3) needs no profile file on the machine.
/// </summary>
internal static class SrgbProfile
{
    public const string Description = "sRGB IEC61966-2.1 (Trust, gamma 2.2)";

    private static readonly Lazy<byte[]> Bytes = new(Build);

    public static byte[] Data => Bytes.Value;

    private static byte[] Build()
    {
        var tags = new List<(string Sig, byte[] Data)>
        {
            ("desc", Desc(Description)),
            ("cprt", Text("No copyright, use freely")),
            ("wtpt", Xyz(0.9642, 1.0, 0.8249)),
            ("rXYZ", Xyz(0.4361, 0.2225, 0.0139)),
            ("gXYZ", Xyz(0.3851, 0.7169, 0.0971)),
            ("bXYZ", Xyz(0.1431, 0.0606, 0.7141)),
            ("rTRC", Curve()),
            ("gTRC", Curve()),
            ("bTRC", Curve()),
        };
        var tableSize = 4 + (12 * tags.Count);
        var offset = 128 + tableSize;
        var body = new MemoryStream();
        var table = new byte[tableSize];
        BinaryPrimitives.WriteUInt32BigEndian(table, (uint)tags.Count);
        for (var i = 0; i < tags.Count; i++)
        {
            var (sig, data) = tags[i];
            Encoding.ASCII.GetBytes(sig, table.AsSpan(4 + (12 * i)));
            BinaryPrimitives.WriteUInt32BigEndian(table.AsSpan(8 + (12 * i)), (uint)(offset + body.Length));
            BinaryPrimitives.WriteUInt32BigEndian(table.AsSpan(12 + (12 * i)), (uint)data.Length);
            body.Write(data);
            while (body.Length % 4 != 0)
            {
                body.WriteByte(0);
            }
        }

        var profile = new byte[offset + body.Length];
        var h = profile.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(h, (uint)profile.Length);
        BinaryPrimitives.WriteUInt32BigEndian(h[8..], 0x02100000);
        Encoding.ASCII.GetBytes("mntrRGB XYZ ", h[12..]);
        BinaryPrimitives.WriteUInt16BigEndian(h[24..], 2024);
        BinaryPrimitives.WriteUInt16BigEndian(h[26..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(h[28..], 1);
        Encoding.ASCII.GetBytes("acsp", h[36..]);
        WriteS15(h[68..], 0.9642);
        WriteS15(h[72..], 1.0);
        WriteS15(h[76..], 0.8249);
        table.CopyTo(profile, 128);
        body.ToArray().CopyTo(profile, 128 + tableSize);
        return profile;
    }

    private static byte[] Xyz(double x, double y, double z)
    {
        var data = new byte[20];
        Encoding.ASCII.GetBytes("XYZ ", data);
        WriteS15(data.AsSpan(8), x);
        WriteS15(data.AsSpan(12), y);
        WriteS15(data.AsSpan(16), z);
        return data;
    }

    private static byte[] Curve()
    {
        var data = new byte[14];
        Encoding.ASCII.GetBytes("curv", data);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(12), (ushort)Math.Round(2.2 * 256));
        return data;
    }

    private static byte[] Text(string text)
    {
        var data = new byte[8 + text.Length + 1];
        Encoding.ASCII.GetBytes("text", data);
        Encoding.ASCII.GetBytes(text, data.AsSpan(8));
        return data;
    }

    private static byte[] Desc(string text)
    {
        var data = new byte[12 + text.Length + 1 + 4 + 4 + 2 + 1 + 67];
        Encoding.ASCII.GetBytes("desc", data);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)(text.Length + 1));
        Encoding.ASCII.GetBytes(text, data.AsSpan(12));
        return data;
    }

    private static void WriteS15(Span<byte> target, double value) =>
        BinaryPrimitives.WriteInt32BigEndian(target, (int)Math.Round(value * 65536));
}
