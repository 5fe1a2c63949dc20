using System.Formats.Cbor;

namespace Trust.Core.Cbor;

/// <summary>Typed, bounded reads from a strict <see cref="CborReader"/> that fail with <see cref="TrustFormatException"/>.</summary>
internal static class CborRead
{
    /// <summary>Latest time a payload may carry: 9999-12-31T23:59:59Z in seconds since 1970.</summary>
    public const long MaxEpochSeconds = 253402300799;

    /// <summary>
    /// Reads the map key of a deterministically encoded payload, which must be exactly
    /// <paramref name="expected"/> (deterministic encoding fixes the key order, RFC 8949 section 4.2.1).
    /// Always returns true, so reads can be written as <c>Key(...) ? value : default</c>.
    /// </summary>
    public static bool PayloadKey(CborReader reader, int expected, string name)
    {
        if (reader.PeekState() != CborReaderState.UnsignedInteger || UInt(reader, "payload", 64) != expected)
        {
            throw new TrustFormatException("payload." + name, $"expected key {expected}");
        }

        return true;
    }

    /// <summary>Reads a time as whole seconds since 1970 (at most <see cref="MaxEpochSeconds"/>).</summary>
    public static DateTimeOffset EpochSeconds(CborReader reader, string field) =>
        DateTimeOffset.FromUnixTimeSeconds(UInt(reader, field, MaxEpochSeconds));

    /// <summary>Reads a text string of at most <paramref name="maxLength"/> UTF-16 characters.</summary>
    public static string Text(CborReader reader, string field, int maxLength)
    {
        Expect(reader, CborReaderState.TextString, field, "a text string");
        var value = reader.ReadTextString();
        if (value.Length > maxLength)
        {
            throw new TrustFormatException(field, $"longer than {maxLength} characters");
        }

        return value;
    }

    /// <summary>Reads a byte string of at most <paramref name="maxLength"/> bytes.</summary>
    public static byte[] Bytes(CborReader reader, string field, int maxLength)
    {
        Expect(reader, CborReaderState.ByteString, field, "a byte string");
        var value = reader.ReadByteString();
        if (value.Length > maxLength)
        {
            throw new TrustFormatException(field, $"longer than {maxLength} bytes");
        }

        return value;
    }

    /// <summary>Reads an unsigned integer not above <paramref name="max"/>.</summary>
    public static long UInt(CborReader reader, string field, long max = long.MaxValue)
    {
        Expect(reader, CborReaderState.UnsignedInteger, field, "an unsigned integer");
        var value = reader.ReadUInt64();
        if (value > (ulong)max)
        {
            throw new TrustFormatException(field, $"greater than {max}");
        }

        return (long)value;
    }

    /// <summary>Reads a (possibly negative) integer that fits in 64 bits.</summary>
    public static long Int(CborReader reader, string field)
    {
        var state = reader.PeekState();
        if (state is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
        {
            throw new TrustFormatException(field, "expected an integer");
        }

        try
        {
            return reader.ReadInt64();
        }
        catch (OverflowException ex)
        {
            throw new TrustFormatException(field, "integer out of range", null, ex);
        }
    }

    /// <summary>Reads the start of a definite map with at most <paramref name="maxEntries"/> entries.</summary>
    public static int StartMap(CborReader reader, string field, int maxEntries)
    {
        Expect(reader, CborReaderState.StartMap, field, "a map");
        var count = reader.ReadStartMap() ?? throw new TrustFormatException(field, "indefinite-length map");
        if (count > maxEntries)
        {
            throw new TrustFormatException(field, $"more than {maxEntries} entries");
        }

        return count;
    }

    /// <summary>Reads the start of a definite array with at most <paramref name="maxItems"/> items.</summary>
    public static int StartArray(CborReader reader, string field, int maxItems)
    {
        Expect(reader, CborReaderState.StartArray, field, "an array");
        var count = reader.ReadStartArray() ?? throw new TrustFormatException(field, "indefinite-length array");
        if (count > maxItems)
        {
            throw new TrustFormatException(field, $"more than {maxItems} items");
        }

        return count;
    }

    /// <summary>Throws unless the next item has <paramref name="state"/>.</summary>
    public static void Expect(CborReader reader, CborReaderState state, string field, string what)
    {
        if (reader.PeekState() != state)
        {
            throw new TrustFormatException(field, "expected " + what);
        }
    }
}
