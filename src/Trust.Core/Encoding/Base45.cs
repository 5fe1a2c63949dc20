namespace Trust.Core.Encoding;

/// <summary>
/// Base45 (RFC 9285): two bytes become three characters of the QR alphanumeric alphabet,
/// a trailing single byte becomes two characters.
/// </summary>
internal static class Base45
{
    /// <summary>The alphabet of RFC 9285 section 4 (equal to the QR code alphanumeric set).</summary>
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Encodes bytes (RFC 9285 section 4).</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var length = (data.Length / 2 * 3) + (data.Length % 2 * 2);
        return string.Create(length, data.ToArray(), static (chars, bytes) =>
        {
            var o = 0;
            var i = 0;
            for (; i + 1 < bytes.Length; i += 2)
            {
                var n = (bytes[i] * 256) + bytes[i + 1];
                chars[o++] = Alphabet[n % 45];
                chars[o++] = Alphabet[n / 45 % 45];
                chars[o++] = Alphabet[n / (45 * 45)];
            }

            if (i < bytes.Length)
            {
                var n = bytes[i];
                chars[o++] = Alphabet[n % 45];
                chars[o] = Alphabet[n / 45];
            }
        });
    }

    /// <summary>Decodes Base45 text (RFC 9285 section 4.2), rejecting anything not produced by <see cref="Encode"/>.</summary>
    /// <param name="text">The Base45 characters.</param>
    /// <param name="field">The field named by errors.</param>
    /// <param name="offsetBase">Added to character offsets in errors (the position of <paramref name="text"/> in a larger text).</param>
    /// <exception cref="TrustFormatException">Characters outside the alphabet, a length of 3k+1, or a group out of range; the offset is the character's.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text, string field = "base45", int offsetBase = 0)
    {
        if (text.Length % 3 == 1)
        {
            throw new TrustFormatException(field, "a Base45 string cannot have length 3k+1", offsetBase + text.Length - 1);
        }

        var output = new byte[(text.Length / 3 * 2) + (text.Length % 3 == 2 ? 1 : 0)];
        var o = 0;
        for (var i = 0; i < text.Length; i += 3)
        {
            var c = Value(text, i, field, offsetBase);
            var d = Value(text, i + 1, field, offsetBase);
            if (i + 2 < text.Length)
            {
                var n = c + (d * 45) + (Value(text, i + 2, field, offsetBase) * 45 * 45);
                if (n > 0xFFFF)
                {
                    throw new TrustFormatException(field, "Base45 triple above 65535", offsetBase + i);
                }

                output[o++] = (byte)(n >> 8);
                output[o++] = (byte)n;
            }
            else
            {
                var n = c + (d * 45);
                if (n > 0xFF)
                {
                    throw new TrustFormatException(field, "Base45 final pair above 255", offsetBase + i);
                }

                output[o++] = (byte)n;
            }
        }

        return output;
    }

    private static int Value(ReadOnlySpan<char> text, int index, string field, int offsetBase)
    {
        var ch = text[index];
        var v = ch < Values.Length ? Values[ch] : (sbyte)-1;
        if (v < 0)
        {
            throw new TrustFormatException(field, "character outside the Base45 alphabet", offsetBase + index);
        }

        return v;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
