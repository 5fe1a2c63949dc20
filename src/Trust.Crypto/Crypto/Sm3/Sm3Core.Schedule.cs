using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Trust.Core.Crypto.Sm3;

/// <summary>
/// SM3 message expansion (GB/T 32905-2016, clause 5.3.2) for eight blocks at once with AVX2: lane
/// b of vector W_j is W_j of block b. Within one block W_j depends on W_j-3, so a single block
/// cannot fill a vector without fix-ups; eight independent blocks can, and the schedule does not
/// depend on the chaining value, so the rounds of the eight blocks then run one after the other.
/// </summary>
internal static partial class Sm3Core
{
    /// <summary>
    /// Loads eight consecutive blocks, transposes them to one block per lane, converts from big
    /// endian and expands W_0..W_67 and W'_0..W'_63 into <paramref name="schedule"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExpandEight(ref Schedule schedule, ref byte blocks)
    {
        Vector256<byte> byteSwap = Vector256.Create(
            (byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
            3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        for (int half = 0; half < 2; half++)
        {
            // Words 8*half .. 8*half+7 of blocks 0..7 (rows), transposed into W_j (columns).
            ref byte first = ref Unsafe.Add(ref blocks, 32 * half);
            Vector256<uint> r0 = Row(ref first, 0, byteSwap), r1 = Row(ref first, 1, byteSwap);
            Vector256<uint> r2 = Row(ref first, 2, byteSwap), r3 = Row(ref first, 3, byteSwap);
            Vector256<uint> r4 = Row(ref first, 4, byteSwap), r5 = Row(ref first, 5, byteSwap);
            Vector256<uint> r6 = Row(ref first, 6, byteSwap), r7 = Row(ref first, 7, byteSwap);

            Vector256<ulong> t0 = Avx2.UnpackLow(r0, r1).AsUInt64(), t1 = Avx2.UnpackHigh(r0, r1).AsUInt64();
            Vector256<ulong> t2 = Avx2.UnpackLow(r2, r3).AsUInt64(), t3 = Avx2.UnpackHigh(r2, r3).AsUInt64();
            Vector256<ulong> t4 = Avx2.UnpackLow(r4, r5).AsUInt64(), t5 = Avx2.UnpackHigh(r4, r5).AsUInt64();
            Vector256<ulong> t6 = Avx2.UnpackLow(r6, r7).AsUInt64(), t7 = Avx2.UnpackHigh(r6, r7).AsUInt64();

            Vector256<uint> u0 = Avx2.UnpackLow(t0, t2).AsUInt32(), u1 = Avx2.UnpackHigh(t0, t2).AsUInt32();
            Vector256<uint> u2 = Avx2.UnpackLow(t1, t3).AsUInt32(), u3 = Avx2.UnpackHigh(t1, t3).AsUInt32();
            Vector256<uint> u4 = Avx2.UnpackLow(t4, t6).AsUInt32(), u5 = Avx2.UnpackHigh(t4, t6).AsUInt32();
            Vector256<uint> u6 = Avx2.UnpackLow(t5, t7).AsUInt32(), u7 = Avx2.UnpackHigh(t5, t7).AsUInt32();

            int j = 8 * half;
            schedule.W[j] = Avx2.Permute2x128(u0, u4, 0x20);
            schedule.W[j + 1] = Avx2.Permute2x128(u1, u5, 0x20);
            schedule.W[j + 2] = Avx2.Permute2x128(u2, u6, 0x20);
            schedule.W[j + 3] = Avx2.Permute2x128(u3, u7, 0x20);
            schedule.W[j + 4] = Avx2.Permute2x128(u0, u4, 0x31);
            schedule.W[j + 5] = Avx2.Permute2x128(u1, u5, 0x31);
            schedule.W[j + 6] = Avx2.Permute2x128(u2, u6, 0x31);
            schedule.W[j + 7] = Avx2.Permute2x128(u3, u7, 0x31);
        }

        for (int j = 0; j < 12; j++)
        {
            schedule.WPrime[j] = schedule.W[j] ^ schedule.W[j + 4];
        }

        for (int j = 16; j < 68; j++)
        {
            // W_j = P1(W_j-16 ^ W_j-9 ^ (W_j-3 <<< 15)) ^ (W_j-13 <<< 7) ^ W_j-6, P1(x) = x ^ x<<<15 ^ x<<<23.
            Vector256<uint> x = Xor3(schedule.W[j - 16], schedule.W[j - 9], Rol(schedule.W[j - 3], 15));
            Vector256<uint> p1 = Xor3(x, Rol(x, 15), Rol(x, 23));
            schedule.W[j] = Xor3(p1, Rol(schedule.W[j - 13], 7), schedule.W[j - 6]);
            schedule.WPrime[j - 4] = schedule.W[j - 4] ^ schedule.W[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Row(ref byte first, int block, Vector256<byte> byteSwap) =>
        Avx2.Shuffle(Vector256.LoadUnsafe(ref first, (nuint)(block * BlockSize)), byteSwap).AsUInt32();

    // count is a literal at every call site, so after inlining both shifts take immediates.
#pragma warning disable CA1857
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rol(Vector256<uint> x, [ConstantExpected] byte count) =>
        Avx512F.VL.IsSupported
            ? Avx512F.VL.RotateLeft(x, count)
            : Avx2.ShiftLeftLogical(x, count) | Avx2.ShiftRightLogical(x, (byte)(32 - count));
#pragma warning restore CA1857

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Xor3(Vector256<uint> x, Vector256<uint> y, Vector256<uint> z) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(x, y, z, 0x96) : x ^ y ^ z;

    /// <summary>
    /// W_0..W_67 and W'_0..W'_63 of up to eight blocks, one block per lane, then the chaining
    /// value in nine lane slots (word i of slot s at <c>9i + s</c>): block b of a group reads slot b
    /// and writes slot b + 1. Sequential, so <see cref="CompressBlock"/> reaches all of it at
    /// constant offsets (W' at 68 * 8 words, the chain at <see cref="ChainOffset"/>).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Schedule
    {
        public Words68 W;
        public Words64 WPrime;
        public ChainSlots Chain;
    }

    [InlineArray(8 * ChainStride)]
    private struct ChainSlots
    {
        private uint _element0;
    }

    [InlineArray(68)]
    private struct Words68
    {
        private Vector256<uint> _element0;
    }

    [InlineArray(64)]
    private struct Words64
    {
        private Vector256<uint> _element0;
    }
}
