using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// A 256-bit value as four 64-bit little-endian limbs (L0 least significant). Field elements
/// mod p and scalars mod n are both stored this way (in Montgomery form where the owning
/// arithmetic says so).
/// </summary>
internal struct U256 : IEquatable<U256>
{
    internal ulong L0;
    internal ulong L1;
    internal ulong L2;
    internal ulong L3;

    internal U256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    internal static U256 Zero => default;

    internal static U256 One => new(1, 0, 0, 0);

    /// <summary>Reads 32 big-endian bytes.</summary>
    internal static U256 FromBigEndian(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes));

    /// <summary>Writes 32 big-endian bytes.</summary>
    internal readonly void WriteBigEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], L0);
    }

    internal readonly byte[] ToBigEndian()
    {
        var bytes = new byte[32];
        WriteBigEndian(bytes);
        return bytes;
    }

    /// <summary>All-ones when the value is zero, else zero. Branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly ulong IsZeroMask() => Ct.IsZeroMask(L0 | L1 | L2 | L3);

    internal readonly bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>All-ones when equal, else zero. Branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly ulong EqualsMask(in U256 other) =>
        Ct.IsZeroMask((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3));

    /// <summary>Returns <paramref name="whenSet"/> where <paramref name="mask"/> is all-ones, else <paramref name="whenClear"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static U256 Select(ulong mask, in U256 whenSet, in U256 whenClear) => new(
        (whenSet.L0 & mask) | (whenClear.L0 & ~mask),
        (whenSet.L1 & mask) | (whenClear.L1 & ~mask),
        (whenSet.L2 & mask) | (whenClear.L2 & ~mask),
        (whenSet.L3 & mask) | (whenClear.L3 & ~mask));

    /// <summary>a - b over 256 bits; returns the borrow (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Sub(out U256 r, in U256 a, in U256 b)
    {
        ulong borrow = 0;
        r.L0 = Ct.SubBorrow(a.L0, b.L0, ref borrow);
        r.L1 = Ct.SubBorrow(a.L1, b.L1, ref borrow);
        r.L2 = Ct.SubBorrow(a.L2, b.L2, ref borrow);
        r.L3 = Ct.SubBorrow(a.L3, b.L3, ref borrow);
        return borrow;
    }

    /// <summary>a + b over 256 bits; returns the carry (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Add(out U256 r, in U256 a, in U256 b)
    {
        ulong carry = 0;
        r.L0 = Ct.AddCarry(a.L0, b.L0, ref carry);
        r.L1 = Ct.AddCarry(a.L1, b.L1, ref carry);
        r.L2 = Ct.AddCarry(a.L2, b.L2, ref carry);
        r.L3 = Ct.AddCarry(a.L3, b.L3, ref carry);
        return carry;
    }

    /// <summary>1 when a &lt; b, else 0. Branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong LessThan(in U256 a, in U256 b) => Sub(out _, a, b);

    /// <summary>Bit <paramref name="index"/> (0 = least significant). Variable time in the index only.</summary>
    internal readonly ulong Bit(int index) => (Limb(index >> 6) >> (index & 63)) & 1;

    /// <summary>Limb by index (public index).</summary>
    internal readonly ulong Limb(int index) => index switch
    {
        0 => L0,
        1 => L1,
        2 => L2,
        3 => L3,
        _ => 0,
    };

    public readonly bool Equals(U256 other) => EqualsMask(other) != 0;

    public override readonly bool Equals(object? obj) => obj is U256 other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);

    public override readonly string ToString() => $"{L3:x16}{L2:x16}{L1:x16}{L0:x16}";
}

/// <summary>
/// Branch-free word primitives. Comparisons are turned into 0/1 through
/// <see cref="Unsafe.BitCast{TFrom, TTo}"/> of a bool, which RyuJIT compiles to SETcc (no jump);
/// masks are formed arithmetically, never with a conditional.
/// </summary>
internal static class Ct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Lt(ulong a, ulong b) => Unsafe.BitCast<bool, byte>(a < b);

    /// <summary>All-ones when <paramref name="x"/> is zero, else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong IsZeroMask(ulong x) => 0UL - (((x | (0UL - x)) >> 63) ^ 1);

    /// <summary>All-ones when <paramref name="bit"/> is 1, zero when it is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mask(ulong bit) => 0UL - bit;

    /// <summary>Returns a + b + carry; carry (0 or 1) is updated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b;
        ulong c1 = Lt(s, a);
        ulong r = s + carry;
        ulong c2 = Lt(r, s);
        carry = c1 | c2;
        return r;
    }

    /// <summary>Returns a - b - borrow; borrow (0 or 1) is updated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b;
        ulong b1 = Lt(a, b);
        ulong r = d - borrow;
        ulong b2 = Lt(d, borrow);
        borrow = b1 | b2;
        return r;
    }

    /// <summary>
    /// The high word of a·b. With BMI2 this is a lone MULX and the low word comes from an IMUL,
    /// which keeps both halves in registers (Math.BigMul's out parameter goes through the stack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MulHigh(ulong a, ulong b) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(a, b) : Math.BigMul(a, b, out _);

    /// <summary>Returns the low word of a·b + c + carry; carry becomes the high word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MulAdd(ulong a, ulong b, ulong c, ref ulong carry)
    {
        ulong hi = MulHigh(a, b);
        ulong lo = a * b;
        lo += c;
        hi += Lt(lo, c);
        lo += carry;
        hi += Lt(lo, carry);
        carry = hi;
        return lo;
    }
}
