using System.Buffers.Binary;

namespace Trust.Core.Seals.Providers;

/// <summary>The fields of a session's state: length-prefixed byte strings (4-byte big-endian lengths), read back strictly.</summary>
internal static class SessionState
{
    internal const byte SesKind = 1;
    internal const byte PdfKind = 2;

    internal static byte[] Write(params ReadOnlySpan<byte[]> fields)
    {
        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
            stream.Write(length);
            stream.Write(field);
        }

        return stream.ToArray();
    }

    /// <exception cref="SealingRefusedException">The state does not hold exactly <paramref name="count"/> fields.</exception>
    internal static byte[][] Read(ReadOnlySpan<byte> state, int count)
    {
        var fields = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (state.Length < 4)
            {
                throw Malformed();
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(state);
            if (length < 0 || length > state.Length - 4)
            {
                throw Malformed();
            }

            fields[i] = state.Slice(4, length).ToArray();
            state = state[(4 + length)..];
        }

        return state.IsEmpty ? fields : throw Malformed();
    }

    /// <exception cref="SealingRefusedException">The state is not a sequence of length-prefixed fields.</exception>
    internal static byte[][] ReadAll(ReadOnlySpan<byte> state)
    {
        var fields = new List<byte[]>();
        while (!state.IsEmpty)
        {
            if (state.Length < 4)
            {
                throw Malformed();
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(state);
            if (length < 0 || length > state.Length - 4)
            {
                throw Malformed();
            }

            fields.Add(state.Slice(4, length).ToArray());
            state = state[(4 + length)..];
        }

        return [.. fields];
    }

    internal static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    internal static long ReadInt64(byte[] field) =>
        field.Length == 8 ? BinaryPrimitives.ReadInt64BigEndian(field) : throw Malformed();

    private static SealingRefusedException Malformed() =>
        new(SealingReasons.SessionMalformed, "The sealing session's state is malformed.");
}
