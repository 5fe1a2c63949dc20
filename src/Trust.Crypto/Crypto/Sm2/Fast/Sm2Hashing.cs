using System.Buffers.Binary;
using Trust.Core.Crypto.Sm3;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>The SM2 digests Z_A and e (GB/T 32918.2 clauses 5.5 and 6.1).</summary>
internal static class Sm2Hashing
{
    /// <summary>ENTL is two bytes of bit length, so an ID is at most 8191 bytes.</summary>
    internal const int MaxUserIdLength = 8191;

    private static ReadOnlySpan<byte> CurveConstants =>
    [
        // a = p − 3
        0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC,
        // b
        0x28, 0xE9, 0xFA, 0x9E, 0x9D, 0x9F, 0x5E, 0x34, 0x4D, 0x5A, 0x9E, 0x4B, 0xCF, 0x65, 0x09, 0xA7,
        0xF3, 0x97, 0x89, 0xF5, 0x15, 0xAB, 0x8F, 0x92, 0xDD, 0xBC, 0xBD, 0x41, 0x4D, 0x94, 0x0E, 0x93,
        // xG
        0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04, 0x46, 0x6A, 0x39, 0xC9, 0x94,
        0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66, 0x0B, 0xE1, 0x71, 0x5A, 0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7,
        // yG
        0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77, 0x9C, 0x59, 0xBD, 0xCE, 0xE3, 0x6B, 0x69, 0x21, 0x53,
        0xD0, 0xA9, 0x87, 0x7C, 0xC6, 0x2A, 0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0,
    ];

    /// <summary>Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA); <paramref name="publicPoint"/> is 0x04 ‖ xA ‖ yA.</summary>
    internal static byte[] ComputeZ(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> publicPoint)
    {
        if (userId.Length > MaxUserIdLength)
        {
            throw new TrustFormatException("userId", $"an SM2 signer ID is at most {MaxUserIdLength} bytes");
        }

        Span<byte> entl = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(entl, (ushort)(userId.Length * 8));
        var state = Sm3State.Create();
        state.Append(entl);
        state.Append(userId);
        state.Append(CurveConstants);
        state.Append(publicPoint[1..65]);
        var z = new byte[32];
        state.Finish(z);
        return z;
    }

    /// <summary>e = SM3(Z ‖ M) as an unreduced 256-bit integer.</summary>
    internal static U256 ComputeE(ReadOnlySpan<byte> z, ReadOnlySpan<byte> message)
    {
        Span<byte> digest = stackalloc byte[32];
        var state = Sm3State.Create();
        state.Append(z);
        state.Append(message);
        state.Finish(digest);
        return U256.FromBigEndian(digest);
    }
}

/// <summary>A one-entry cache of Z for the last signer ID a key was used with (IDs are public).</summary>
internal sealed class ZCache(byte[] publicPoint)
{
    private Entry? _last;

    internal byte[] Get(ReadOnlySpan<byte> userId)
    {
        var last = _last;
        if (last is not null && userId.SequenceEqual(last.UserId))
        {
            return last.Z;
        }

        var entry = new Entry(userId.ToArray(), Sm2Hashing.ComputeZ(userId, publicPoint));
        _last = entry;
        return entry.Z;
    }

    private sealed record Entry(byte[] UserId, byte[] Z);
}
