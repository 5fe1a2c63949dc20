using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Trust.Core.Crypto.Sm3;

/// <summary>
/// The SM3 compression function (GB/T 32905-2016, clause 5.3). Rounds are unrolled four at a
/// time with the register rotation done by renaming (no moves), the message expansion is
/// computed into a stack buffer once per block, and nothing is allocated.
/// </summary>
internal static class Sm3Core
{
    internal const int BlockSize = 64;

    /// <summary>The initial value IV (clause 4.1).</summary>
    internal static ReadOnlySpan<uint> InitialValue =>
    [
        0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E,
    ];

    /// <summary>T_j rotated left by j mod 32 (clauses 4.2 and 5.3.3), precomputed per round.</summary>
    private static ReadOnlySpan<uint> RoundConstants =>
    [
        0x79CC4519, 0xF3988A32, 0xE7311465, 0xCE6228CB, 0x9CC45197, 0x3988A32F, 0x7311465E, 0xE6228CBC,
        0xCC451979, 0x988A32F3, 0x311465E7, 0x6228CBCE, 0xC451979C, 0x88A32F39, 0x11465E73, 0x228CBCE6,
        0x9D8A7A87, 0x3B14F50F, 0x7629EA1E, 0xEC53D43C, 0xD8A7A879, 0xB14F50F3, 0x629EA1E7, 0xC53D43CE,
        0x8A7A879D, 0x14F50F3B, 0x29EA1E76, 0x53D43CEC, 0xA7A879D8, 0x4F50F3B1, 0x9EA1E762, 0x3D43CEC5,
        0x7A879D8A, 0xF50F3B14, 0xEA1E7629, 0xD43CEC53, 0xA879D8A7, 0x50F3B14F, 0xA1E7629E, 0x43CEC53D,
        0x879D8A7A, 0x0F3B14F5, 0x1E7629EA, 0x3CEC53D4, 0x79D8A7A8, 0xF3B14F50, 0xE7629EA1, 0xCEC53D43,
        0x9D8A7A87, 0x3B14F50F, 0x7629EA1E, 0xEC53D43C, 0xD8A7A879, 0xB14F50F3, 0x629EA1E7, 0xC53D43CE,
        0x8A7A879D, 0x14F50F3B, 0x29EA1E76, 0x53D43CEC, 0xA7A879D8, 0x4F50F3B1, 0x9EA1E762, 0x3D43CEC5,
    ];

    /// <summary>Compresses every whole 64-byte block of <paramref name="blocks"/> into <paramref name="state"/>.</summary>
    internal static void Compress(Span<uint> state, ReadOnlySpan<byte> blocks)
    {
        // Indexing goes through refs (Unsafe.Add) with loop bounds that are compile-time
        // constants, so the hot loops carry no bounds checks; every index stays below 68.
        Span<uint> wSpan = stackalloc uint[68];
        ref uint w = ref MemoryMarshal.GetReference(wSpan);
        ref uint t = ref MemoryMarshal.GetReference(RoundConstants);
        uint s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
        uint s4 = state[4], s5 = state[5], s6 = state[6], s7 = state[7];

        int blockCount = blocks.Length / BlockSize;
        ref byte block = ref MemoryMarshal.GetReference(blocks);
        for (int n = 0; n < blockCount; n++)
        {
            // Clause 5.3.2: message expansion. W0..W15 are loaded here; W16..W67 are expanded
            // four at a time just before the rounds that first need them, so the expansion's
            // dependency chain overlaps the rounds' chain in the out-of-order window.
            for (int j = 0; j < 16; j++)
            {
                Unsafe.Add(ref w, j) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 4 * j)));
            }

            uint a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7;

            // Clause 5.3.3: rounds 0..15 use FF/GG = x ^ y ^ z. Round j reads W_j and W_j+4.
            for (int j = 0; j < 16; j += 4)
            {
                if (j == 12)
                {
                    Expand4(ref w, 16);
                }

                Round1(a, ref b, c, ref d, e, ref f, g, ref h, Unsafe.Add(ref t, j), Unsafe.Add(ref w, j), Unsafe.Add(ref w, j + 4));
                Round1(d, ref a, b, ref c, h, ref e, f, ref g, Unsafe.Add(ref t, j + 1), Unsafe.Add(ref w, j + 1), Unsafe.Add(ref w, j + 5));
                Round1(c, ref d, a, ref b, g, ref h, e, ref f, Unsafe.Add(ref t, j + 2), Unsafe.Add(ref w, j + 2), Unsafe.Add(ref w, j + 6));
                Round1(b, ref c, d, ref a, f, ref g, h, ref e, Unsafe.Add(ref t, j + 3), Unsafe.Add(ref w, j + 3), Unsafe.Add(ref w, j + 7));
            }

            // Rounds 16..63 use majority / choose.
            for (int j = 16; j < 64; j += 4)
            {
                Expand4(ref w, j + 4);
                Round2(a, ref b, c, ref d, e, ref f, g, ref h, Unsafe.Add(ref t, j), Unsafe.Add(ref w, j), Unsafe.Add(ref w, j + 4));
                Round2(d, ref a, b, ref c, h, ref e, f, ref g, Unsafe.Add(ref t, j + 1), Unsafe.Add(ref w, j + 1), Unsafe.Add(ref w, j + 5));
                Round2(c, ref d, a, ref b, g, ref h, e, ref f, Unsafe.Add(ref t, j + 2), Unsafe.Add(ref w, j + 2), Unsafe.Add(ref w, j + 6));
                Round2(b, ref c, d, ref a, f, ref g, h, ref e, Unsafe.Add(ref t, j + 3), Unsafe.Add(ref w, j + 3), Unsafe.Add(ref w, j + 7));
            }

            s0 ^= a; s1 ^= b; s2 ^= c; s3 ^= d;
            s4 ^= e; s5 ^= f; s6 ^= g; s7 ^= h;
            block = ref Unsafe.Add(ref block, BlockSize);
        }

        state[0] = s0; state[1] = s1; state[2] = s2; state[3] = s3;
        state[4] = s4; state[5] = s5; state[6] = s6; state[7] = s7;
    }

    /// <summary>W_i..W_i+3 from the 16 words before them (16 ≤ i ≤ 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Expand4(ref uint w, int i)
    {
        for (int j = i; j < i + 4; j++)
        {
            uint x = Unsafe.Add(ref w, j - 16) ^ Unsafe.Add(ref w, j - 9) ^ BitOperations.RotateLeft(Unsafe.Add(ref w, j - 3), 15);
            Unsafe.Add(ref w, j) = x ^ BitOperations.RotateLeft(x, 15) ^ BitOperations.RotateLeft(x, 23)
                ^ BitOperations.RotateLeft(Unsafe.Add(ref w, j - 13), 7) ^ Unsafe.Add(ref w, j - 6);
        }
    }

    // Additions are ordered so the values at the end of the dependency chain (E, then SS1/SS2)
    // are added last. One round with renaming: on return d holds the new A, b the new C (B <<< 9), h the new E,
    // f the new G (F <<< 19); a, c, e, g become the new B, D, F, H by position in the next call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round1(uint a, ref uint b, uint c, ref uint d, uint e, ref uint f, uint g, ref uint h, uint tj, uint wj, uint wj4)
    {
        uint a12 = BitOperations.RotateLeft(a, 12);
        uint ss1 = BitOperations.RotateLeft(a12 + tj + e, 7);
        uint ss2 = ss1 ^ a12;
        uint tt1 = (a ^ b ^ c) + d + (wj ^ wj4) + ss2;
        uint tt2 = h + wj + (e ^ f ^ g) + ss1;
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        d = tt1;
        h = tt2 ^ BitOperations.RotateLeft(tt2, 9) ^ BitOperations.RotateLeft(tt2, 17);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round2(uint a, ref uint b, uint c, ref uint d, uint e, ref uint f, uint g, ref uint h, uint tj, uint wj, uint wj4)
    {
        uint a12 = BitOperations.RotateLeft(a, 12);
        uint ss1 = BitOperations.RotateLeft(a12 + tj + e, 7);
        uint ss2 = ss1 ^ a12;
        uint tt1 = d + (wj ^ wj4) + ((a & b) | (c & (a | b))) + ss2;
        uint tt2 = h + wj + (g ^ (e & (f ^ g))) + ss1;
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        d = tt1;
        h = tt2 ^ BitOperations.RotateLeft(tt2, 9) ^ BitOperations.RotateLeft(tt2, 17);
    }
}
