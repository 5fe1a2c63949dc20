using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// Arithmetic modulo the group order n of sm2p256v1 (GB/T 32918.5), constant time.
/// Values are plain (not Montgomery) unless a method says otherwise; <see cref="MulMont"/>
/// with one Montgomery-form operand gives a plain product.
/// </summary>
internal static class Fn
{
    internal const ulong N0 = 0x53BBF40939D54123;
    internal const ulong N1 = 0x7203DF6B21C6052B;
    internal const ulong N2 = 0xFFFFFFFFFFFFFFFF;
    internal const ulong N3 = 0xFFFFFFFEFFFFFFFF;

    /// <summary>−n^-1 mod 2^64.</summary>
    private const ulong K0 = 0x327F9E8872350975;

    internal static U256 Order => new(N0, N1, N2, N3);

    private static U256 RSquared => new(0x901192AF7C114F20, 0x3464504ADE6FA2FA, 0x620FC84C3AFFE0D4, 0x1EB5E412A22B3D3B);

    /// <summary>1 in Montgomery form (2^256 mod n).</summary>
    private static U256 MontOne => new(0xAC440BF6C62ABEDD, 0x8DFC2094DE39FAD4, 0x0000000000000000, 0x0000000100000000);

    /// <summary>a·b·2^-256 mod n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 MulMont(in U256 a, in U256 b)
    {
        Montgomery.Mul(out var r, a, b, N0, N1, N2, N3, K0);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Add(in U256 a, in U256 b)
    {
        Montgomery.Add(out var r, a, b, N0, N1, N2, N3);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Sub(in U256 a, in U256 b)
    {
        Montgomery.Sub(out var r, a, b, N0, N1, N2, N3);
        return r;
    }

    internal static U256 ToMontgomery(in U256 a) => MulMont(a, RSquared);

    internal static U256 FromMontgomery(in U256 a) => MulMont(a, U256.One);

    /// <summary>a·b mod n for plain a and b.</summary>
    internal static U256 Mul(in U256 a, in U256 b) => MulMont(ToMontgomery(a), b);

    /// <summary>Reduces any 256-bit value (below 2n) modulo n, branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static U256 Reduce(in U256 a)
    {
        Montgomery.FinalSubtract(out var r, a.L0, a.L1, a.L2, a.L3, 0, N0, N1, N2, N3);
        return r;
    }

    /// <summary>1 when 1 ≤ a ≤ n−1, else 0 (public inputs).</summary>
    internal static bool IsInRange(in U256 a) => !a.IsZero && U256.LessThan(a, Order) == 1;

    /// <summary>
    /// a^-1 mod n (plain in, plain out) by Fermat, a^(n−2), with left-to-right square and
    /// multiply over the bits of the public exponent: the same operation sequence for every a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static U256 Invert(in U256 a)
    {
        var exponent = new U256(N0 - 2, N1, N2, N3);
        var am = ToMontgomery(a);
        var r = MontOne;
        for (int i = 255; i >= 0; i--)
        {
            r = MulMont(r, r);
            if (exponent.Bit(i) != 0)
            {
                r = MulMont(r, am);
            }
        }

        return FromMontgomery(r);
    }
}
