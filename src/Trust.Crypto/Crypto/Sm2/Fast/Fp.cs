using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// Arithmetic in GF(p) for sm2p256v1, p = 2^256 − 2^224 − 2^96 + 2^64 − 1 (GB/T 32918.5).
/// Elements are kept in Montgomery form (x·2^256 mod p). Because p ≡ −1 (mod 2^64), the
/// Montgomery constant −p^-1 mod 2^64 is 1. All operations are constant time.
/// </summary>
internal static class Fp
{
    internal const ulong P0 = 0xFFFFFFFFFFFFFFFF;
    internal const ulong P1 = 0xFFFFFFFF00000000;
    internal const ulong P2 = 0xFFFFFFFFFFFFFFFF;
    internal const ulong P3 = 0xFFFFFFFEFFFFFFFF;

    /// <summary>p itself (not in Montgomery form).</summary>
    internal static U256 Modulus => new(P0, P1, P2, P3);

    /// <summary>1 in Montgomery form (2^256 mod p).</summary>
    internal static U256 One => new(0x0000000000000001, 0x00000000FFFFFFFF, 0x0000000000000000, 0x0000000100000000);

    /// <summary>R^2 mod p, to enter Montgomery form.</summary>
    private static U256 RSquared => new(0x0000000200000003, 0x00000002FFFFFFFF, 0x0000000100000001, 0x0000000400000002);

    /// <summary>The curve coefficient b in Montgomery form (a is −3).</summary>
    internal static U256 B => new(0x90D230632BC0DD42, 0x71CF379AE9B537AB, 0x527981505EA51C3C, 0x240FE188BA20E2C8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Mul(out U256 r, in U256 a, in U256 b) => FpReduction.Mul(out r, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sqr(out U256 r, in U256 a) => FpReduction.Sqr(out r, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Add(out U256 r, in U256 a, in U256 b) => Montgomery.Add(out r, a, b, P0, P1, P2, P3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sub(out U256 r, in U256 a, in U256 b) => Montgomery.Sub(out r, a, b, P0, P1, P2, P3);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Mul(in U256 a, in U256 b)
    {
        Mul(out var r, a, b);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Sqr(in U256 a)
    {
        Sqr(out var r, a);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Add(in U256 a, in U256 b)
    {
        Add(out var r, a, b);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Sub(in U256 a, in U256 b)
    {
        Sub(out var r, a, b);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Neg(in U256 a)
    {
        Sub(out var r, U256.Zero, a);
        return r;
    }

    /// <summary>a squared <paramref name="count"/> times (count is public).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 SqrN(in U256 a, int count)
    {
        var r = a;
        for (int i = 0; i < count; i++)
        {
            Sqr(out r, r);
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 ToMontgomery(in U256 a)
    {
        Mul(out var r, a, RSquared);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 FromMontgomery(in U256 a)
    {
        Mul(out var r, a, U256.One);
        return r;
    }

    /// <summary>Parses 32 big-endian bytes; false (and no value) unless the integer is below p.</summary>
    internal static bool TryFromBytes(ReadOnlySpan<byte> bytes, out U256 montgomery)
    {
        var x = U256.FromBigEndian(bytes);
        if (U256.LessThan(x, Modulus) == 0)
        {
            montgomery = default;
            return false;
        }

        montgomery = ToMontgomery(x);
        return true;
    }

    internal static void ToBytes(in U256 montgomery, Span<byte> destination) => FromMontgomery(montgomery).WriteBigEndian(destination);

    /// <summary>
    /// a^-1 = a^(p−2) (Fermat), by a fixed addition chain: the same 255 squarings and 14
    /// multiplications for every input, so the time says nothing about a. Returns 0 for 0.
    /// p − 2 in binary is 1^31 0 1^128 0^32 1^32 1^30 0 1 (from the top).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Invert(in U256 a)
    {
        var x2 = Mul(Sqr(a), a);                    // 2 ones
        var x3 = Mul(Sqr(x2), a);                   // 3
        var x6 = Mul(SqrN(x3, 3), x3);              // 6
        var x12 = Mul(SqrN(x6, 6), x6);             // 12
        var x24 = Mul(SqrN(x12, 12), x12);          // 24
        var x30 = Mul(SqrN(x24, 6), x6);            // 30
        var x31 = Mul(Sqr(x30), a);                 // 31
        var x32 = Mul(Sqr(x31), a);                 // 32

        var t = Mul(SqrN(x31, 33), x32);            // 1^31 0 1^32
        t = Mul(SqrN(t, 32), x32);                  // ... 1^64
        t = Mul(SqrN(t, 32), x32);                  // ... 1^96
        t = Mul(SqrN(t, 32), x32);                  // ... 1^128
        t = SqrN(t, 32);                            // 0^32
        t = Mul(SqrN(t, 32), x32);                  // 1^32
        t = Mul(SqrN(t, 30), x30);                  // 1^30
        return Mul(SqrN(t, 2), a);                  // 0 1
    }

    /// <summary>Square root for p ≡ 3 (mod 4): a^((p+1)/4). Used only on public data (point decoding in tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 SqrtCandidate(in U256 a)
    {
        // (p+1)/4 = 0x3FFFFFFFBFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC00000004000000000000000
        var e = new U256(0x4000000000000000, 0xFFFFFFFFC0000000, 0xFFFFFFFFFFFFFFFF, 0x3FFFFFFFBFFFFFFF);
        var r = One;
        for (int i = 255; i >= 0; i--)
        {
            r = Sqr(r);
            if (e.Bit(i) != 0)
            {
                r = Mul(r, a);
            }
        }

        return r;
    }
}
