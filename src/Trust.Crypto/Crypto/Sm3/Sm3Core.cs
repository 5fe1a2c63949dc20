using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Trust.Core.Crypto.Sm3;

/// <summary>
/// The SM3 compression function (GB/T 32905-2016, clause 5.3), tuned for throughput. Whole blocks
/// are read straight from the caller's span (no copy into a block buffer). The message expansion
/// (clause 5.3.2) does not depend on the chaining value, so with AVX2 it is done for eight blocks at
/// once, one block per vector lane (<c>Sm3Core.Schedule.cs</c>), leaving the scalar core only the
/// round chain. The 64 rounds are fully unrolled with the constants T_j &lt;&lt;&lt; j as immediates and
/// the register rotation done by renaming (no moves). Nothing is allocated.
/// </summary>
internal static partial class Sm3Core
{
    internal const int BlockSize = 64;

    /// <summary>Blocks expanded together, one per 32-bit lane of a 256-bit vector.</summary>
    private const int Lanes = 8;

    /// <summary>Where <see cref="Schedule.Chain"/> starts, in words from the start of the schedule.</summary>
    private const int ChainOffset = Lanes * (68 + 64);

    /// <summary>Word i of the chaining value for lane slot s is at <c>ChainOffset + ChainStride * i + s</c>.</summary>
    private const int ChainStride = Lanes + 1;

    /// <summary>The initial value IV (clause 4.1).</summary>
    internal static ReadOnlySpan<uint> InitialValue =>
    [
        0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E,
    ];

    /// <summary>Compresses every whole 64-byte block of <paramref name="blocks"/> into <paramref name="state"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Compress(Span<uint> state, ReadOnlySpan<byte> blocks)
    {
        if (state.Length < 8)
        {
            throw new ArgumentException("The SM3 chaining value has eight words.", nameof(state));
        }

        // Indexing goes through refs (Unsafe.Add) with compile-time constant offsets or constant
        // loop bounds, so the hot code carries no bounds checks: W indices stay below 68 * 8 and
        // every byte read stays inside the blockCount whole blocks of the span.
        Schedule schedule;
        Unsafe.SkipInit(out schedule);
        ref uint w = ref Unsafe.As<Vector256<uint>, uint>(ref schedule.W[0]);
        ref uint wp = ref Unsafe.As<Vector256<uint>, uint>(ref schedule.WPrime[0]);
        ref uint chain = ref Unsafe.Add(ref w, ChainOffset);
        ref uint v = ref MemoryMarshal.GetReference(state);
        for (int i = 0; i < 8; i++)
        {
            Unsafe.Add(ref chain, ChainStride * i) = Unsafe.Add(ref v, i);
        }

        ref byte block = ref MemoryMarshal.GetReference(blocks);
        int blockCount = blocks.Length / BlockSize;
        int n = 0;
        if (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            for (; n + Lanes <= blockCount; n += Lanes)
            {
                ExpandEight(ref schedule, ref block);
                for (int lane = 0; lane < Lanes; lane++)
                {
                    CompressBlock(ref Unsafe.Add(ref w, lane));
                }

                MoveChain(ref chain, Lanes);
                block = ref Unsafe.Add(ref block, Lanes * BlockSize);
            }
        }

        for (; n < blockCount; n++)
        {
            ExpandOne(ref w, ref wp, ref block);
            CompressBlock(ref w);
            MoveChain(ref chain, 1);
            block = ref Unsafe.Add(ref block, BlockSize);
        }

        for (int i = 0; i < 8; i++)
        {
            Unsafe.Add(ref v, i) = Unsafe.Add(ref chain, ChainStride * i);
        }
    }

    /// <summary>Copies the chaining value from lane slot <paramref name="from"/> back to slot 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MoveChain(ref uint chain, int from)
    {
        for (int i = 0; i < 8; i++)
        {
            Unsafe.Add(ref chain, ChainStride * i) = Unsafe.Add(ref chain, (ChainStride * i) + from);
        }
    }

    /// <summary>
    /// Clause 5.3.2 for one block, into lane 0 of the schedule: W_0..W_15 big-endian from the
    /// block, W_16..W_67 by the recurrence, W'_j = W_j ^ W_j+4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpandOne(ref uint w, ref uint wp, ref byte block)
    {
        for (int j = 0; j < 16; j++)
        {
            Unsafe.Add(ref w, Lanes * j) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 4 * j)));
        }

        for (int j = 16; j < 68; j++)
        {
            uint x = Unsafe.Add(ref w, Lanes * (j - 16)) ^ Unsafe.Add(ref w, Lanes * (j - 9)) ^ BitOperations.RotateLeft(Unsafe.Add(ref w, Lanes * (j - 3)), 15);
            Unsafe.Add(ref w, Lanes * j) = x ^ BitOperations.RotateLeft(x, 15) ^ BitOperations.RotateLeft(x, 23)
                ^ BitOperations.RotateLeft(Unsafe.Add(ref w, Lanes * (j - 13)), 7) ^ Unsafe.Add(ref w, Lanes * (j - 6));
        }

        for (int j = 0; j < 64; j++)
        {
            Unsafe.Add(ref wp, Lanes * j) = Unsafe.Add(ref w, Lanes * j) ^ Unsafe.Add(ref w, Lanes * (j + 4));
        }
    }

    /// <summary>
    /// Clause 5.3.3: the 64 rounds over an expanded schedule, then V_i+1 = ABCDEFGH ^ V_i.
    /// <paramref name="w"/> points at this block's lane of <see cref="Schedule"/>: W_j is at
    /// <c>w[8j]</c>, W'_j at <c>w[8 * 68 + 8j]</c>, V_i at <see cref="Chain"/> and V_i+1 goes to the
    /// next lane's chain slot. Everything is at a constant offset from one base register, which
    /// leaves the other thirteen for a..h and the round's temporaries (no spills on the E chain).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CompressBlock(ref uint w)
    {
        uint a = Chain(ref w, 0), b = Chain(ref w, 1), c = Chain(ref w, 2), d = Chain(ref w, 3);
        uint e = Chain(ref w, 4), f = Chain(ref w, 5), g = Chain(ref w, 6), h = Chain(ref w, 7);

        // Round j passes T_j <<< (j mod 32) as a constant and reads W_j and W'_j. The argument
        // order renames the registers: after four rounds a..h are back in their places.
            Round1(a, ref b, c, ref d, e, ref f, g, ref h, 0x79CC4519, Unsafe.Add(ref w, 0), Unsafe.Add(ref w, 544));
            Round1(d, ref a, b, ref c, h, ref e, f, ref g, 0xF3988A32, Unsafe.Add(ref w, 8), Unsafe.Add(ref w, 552));
            Round1(c, ref d, a, ref b, g, ref h, e, ref f, 0xE7311465, Unsafe.Add(ref w, 16), Unsafe.Add(ref w, 560));
            Round1(b, ref c, d, ref a, f, ref g, h, ref e, 0xCE6228CB, Unsafe.Add(ref w, 24), Unsafe.Add(ref w, 568));
            Round1(a, ref b, c, ref d, e, ref f, g, ref h, 0x9CC45197, Unsafe.Add(ref w, 32), Unsafe.Add(ref w, 576));
            Round1(d, ref a, b, ref c, h, ref e, f, ref g, 0x3988A32F, Unsafe.Add(ref w, 40), Unsafe.Add(ref w, 584));
            Round1(c, ref d, a, ref b, g, ref h, e, ref f, 0x7311465E, Unsafe.Add(ref w, 48), Unsafe.Add(ref w, 592));
            Round1(b, ref c, d, ref a, f, ref g, h, ref e, 0xE6228CBC, Unsafe.Add(ref w, 56), Unsafe.Add(ref w, 600));
            Round1(a, ref b, c, ref d, e, ref f, g, ref h, 0xCC451979, Unsafe.Add(ref w, 64), Unsafe.Add(ref w, 608));
            Round1(d, ref a, b, ref c, h, ref e, f, ref g, 0x988A32F3, Unsafe.Add(ref w, 72), Unsafe.Add(ref w, 616));
            Round1(c, ref d, a, ref b, g, ref h, e, ref f, 0x311465E7, Unsafe.Add(ref w, 80), Unsafe.Add(ref w, 624));
            Round1(b, ref c, d, ref a, f, ref g, h, ref e, 0x6228CBCE, Unsafe.Add(ref w, 88), Unsafe.Add(ref w, 632));
            Round1(a, ref b, c, ref d, e, ref f, g, ref h, 0xC451979C, Unsafe.Add(ref w, 96), Unsafe.Add(ref w, 640));
            Round1(d, ref a, b, ref c, h, ref e, f, ref g, 0x88A32F39, Unsafe.Add(ref w, 104), Unsafe.Add(ref w, 648));
            Round1(c, ref d, a, ref b, g, ref h, e, ref f, 0x11465E73, Unsafe.Add(ref w, 112), Unsafe.Add(ref w, 656));
            Round1(b, ref c, d, ref a, f, ref g, h, ref e, 0x228CBCE6, Unsafe.Add(ref w, 120), Unsafe.Add(ref w, 664));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0x9D8A7A87, Unsafe.Add(ref w, 128), Unsafe.Add(ref w, 672));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x3B14F50F, Unsafe.Add(ref w, 136), Unsafe.Add(ref w, 680));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x7629EA1E, Unsafe.Add(ref w, 144), Unsafe.Add(ref w, 688));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0xEC53D43C, Unsafe.Add(ref w, 152), Unsafe.Add(ref w, 696));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0xD8A7A879, Unsafe.Add(ref w, 160), Unsafe.Add(ref w, 704));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0xB14F50F3, Unsafe.Add(ref w, 168), Unsafe.Add(ref w, 712));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x629EA1E7, Unsafe.Add(ref w, 176), Unsafe.Add(ref w, 720));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0xC53D43CE, Unsafe.Add(ref w, 184), Unsafe.Add(ref w, 728));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0x8A7A879D, Unsafe.Add(ref w, 192), Unsafe.Add(ref w, 736));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x14F50F3B, Unsafe.Add(ref w, 200), Unsafe.Add(ref w, 744));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x29EA1E76, Unsafe.Add(ref w, 208), Unsafe.Add(ref w, 752));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0x53D43CEC, Unsafe.Add(ref w, 216), Unsafe.Add(ref w, 760));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0xA7A879D8, Unsafe.Add(ref w, 224), Unsafe.Add(ref w, 768));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x4F50F3B1, Unsafe.Add(ref w, 232), Unsafe.Add(ref w, 776));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x9EA1E762, Unsafe.Add(ref w, 240), Unsafe.Add(ref w, 784));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0x3D43CEC5, Unsafe.Add(ref w, 248), Unsafe.Add(ref w, 792));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0x7A879D8A, Unsafe.Add(ref w, 256), Unsafe.Add(ref w, 800));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0xF50F3B14, Unsafe.Add(ref w, 264), Unsafe.Add(ref w, 808));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0xEA1E7629, Unsafe.Add(ref w, 272), Unsafe.Add(ref w, 816));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0xD43CEC53, Unsafe.Add(ref w, 280), Unsafe.Add(ref w, 824));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0xA879D8A7, Unsafe.Add(ref w, 288), Unsafe.Add(ref w, 832));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x50F3B14F, Unsafe.Add(ref w, 296), Unsafe.Add(ref w, 840));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0xA1E7629E, Unsafe.Add(ref w, 304), Unsafe.Add(ref w, 848));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0x43CEC53D, Unsafe.Add(ref w, 312), Unsafe.Add(ref w, 856));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0x879D8A7A, Unsafe.Add(ref w, 320), Unsafe.Add(ref w, 864));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x0F3B14F5, Unsafe.Add(ref w, 328), Unsafe.Add(ref w, 872));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x1E7629EA, Unsafe.Add(ref w, 336), Unsafe.Add(ref w, 880));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0x3CEC53D4, Unsafe.Add(ref w, 344), Unsafe.Add(ref w, 888));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0x79D8A7A8, Unsafe.Add(ref w, 352), Unsafe.Add(ref w, 896));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0xF3B14F50, Unsafe.Add(ref w, 360), Unsafe.Add(ref w, 904));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0xE7629EA1, Unsafe.Add(ref w, 368), Unsafe.Add(ref w, 912));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0xCEC53D43, Unsafe.Add(ref w, 376), Unsafe.Add(ref w, 920));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0x9D8A7A87, Unsafe.Add(ref w, 384), Unsafe.Add(ref w, 928));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x3B14F50F, Unsafe.Add(ref w, 392), Unsafe.Add(ref w, 936));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x7629EA1E, Unsafe.Add(ref w, 400), Unsafe.Add(ref w, 944));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0xEC53D43C, Unsafe.Add(ref w, 408), Unsafe.Add(ref w, 952));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0xD8A7A879, Unsafe.Add(ref w, 416), Unsafe.Add(ref w, 960));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0xB14F50F3, Unsafe.Add(ref w, 424), Unsafe.Add(ref w, 968));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x629EA1E7, Unsafe.Add(ref w, 432), Unsafe.Add(ref w, 976));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0xC53D43CE, Unsafe.Add(ref w, 440), Unsafe.Add(ref w, 984));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0x8A7A879D, Unsafe.Add(ref w, 448), Unsafe.Add(ref w, 992));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x14F50F3B, Unsafe.Add(ref w, 456), Unsafe.Add(ref w, 1000));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x29EA1E76, Unsafe.Add(ref w, 464), Unsafe.Add(ref w, 1008));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0x53D43CEC, Unsafe.Add(ref w, 472), Unsafe.Add(ref w, 1016));
            Round2(a, ref b, c, ref d, e, ref f, g, ref h, 0xA7A879D8, Unsafe.Add(ref w, 480), Unsafe.Add(ref w, 1024));
            Round2(d, ref a, b, ref c, h, ref e, f, ref g, 0x4F50F3B1, Unsafe.Add(ref w, 488), Unsafe.Add(ref w, 1032));
            Round2(c, ref d, a, ref b, g, ref h, e, ref f, 0x9EA1E762, Unsafe.Add(ref w, 496), Unsafe.Add(ref w, 1040));
            Round2(b, ref c, d, ref a, f, ref g, h, ref e, 0x3D43CEC5, Unsafe.Add(ref w, 504), Unsafe.Add(ref w, 1048));
        // The result goes to the next lane's slot, where the next block of the group reads it.
        Unsafe.Add(ref Chain(ref w, 0), 1) = a ^ Chain(ref w, 0);
        Unsafe.Add(ref Chain(ref w, 1), 1) = b ^ Chain(ref w, 1);
        Unsafe.Add(ref Chain(ref w, 2), 1) = c ^ Chain(ref w, 2);
        Unsafe.Add(ref Chain(ref w, 3), 1) = d ^ Chain(ref w, 3);
        Unsafe.Add(ref Chain(ref w, 4), 1) = e ^ Chain(ref w, 4);
        Unsafe.Add(ref Chain(ref w, 5), 1) = f ^ Chain(ref w, 5);
        Unsafe.Add(ref Chain(ref w, 6), 1) = g ^ Chain(ref w, 6);
        Unsafe.Add(ref Chain(ref w, 7), 1) = h ^ Chain(ref w, 7);
    }

    /// <summary>Word <paramref name="i"/> of this lane's input chaining value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref uint Chain(ref uint w, int i) => ref Unsafe.Add(ref w, ChainOffset + (ChainStride * i));

    // One round with renaming: on return d holds the new A, b the new C (B <<< 9), h the new E and
    // f the new G (F <<< 19); a, c, e, g become the new B, D, F, H by position in the next call.
    // The critical path is E -> SS1 -> TT2 -> P0 -> E (about seven cycles), so T_j is folded into
    // A's side of SS1 and the E-derived values are added last.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round1(uint a, ref uint b, uint c, ref uint d, uint e, ref uint f, uint g, ref uint h, uint tj, uint wj, uint wpj)
    {
        uint a12 = BitOperations.RotateLeft(a, 12);
        uint ss1 = BitOperations.RotateLeft(a12 + tj + e, 7);
        uint ss2 = ss1 ^ a12;
        uint tt1 = d + wpj + (a ^ b ^ c) + ss2;
        uint tt2 = h + wj + (e ^ (f ^ g)) + ss1;
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        d = tt1;
        h = tt2 ^ BitOperations.RotateLeft(tt2, 9) ^ BitOperations.RotateLeft(tt2, 17);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round2(uint a, ref uint b, uint c, ref uint d, uint e, ref uint f, uint g, ref uint h, uint tj, uint wj, uint wpj)
    {
        uint a12 = BitOperations.RotateLeft(a, 12);
        uint ss1 = BitOperations.RotateLeft(a12 + tj + e, 7);
        uint ss2 = ss1 ^ a12;
        uint tt1 = d + wpj + ((a & b) | (c & (a | b))) + ss2;
        uint tt2 = h + wj + ((e & f) | (g & ~e)) + ss1;
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        d = tt1;
        h = tt2 ^ BitOperations.RotateLeft(tt2, 9) ^ BitOperations.RotateLeft(tt2, 17);
    }
}
