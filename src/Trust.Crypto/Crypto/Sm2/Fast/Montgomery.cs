using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// 4×64-bit Montgomery arithmetic (R = 2^256), shared by the field mod p and the scalars mod n.
/// The bodies are forced inline so each caller gets its modulus folded in as constants.
/// Everything here is branch-free: the final conditional subtractions use masks.
/// </summary>
internal static class Montgomery
{
    /// <summary>
    /// r = a·b·R^-1 mod m (coarsely integrated operand scanning). Inputs below m give an output
    /// below m. <paramref name="k0"/> is -m^-1 mod 2^64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Mul(out U256 r, in U256 a, in U256 b, ulong m0, ulong m1, ulong m2, ulong m3, ulong k0)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        Step(a0, a1, a2, a3, b.L0, ref t0, ref t1, ref t2, ref t3, ref t4, m0, m1, m2, m3, k0);
        Step(a0, a1, a2, a3, b.L1, ref t0, ref t1, ref t2, ref t3, ref t4, m0, m1, m2, m3, k0);
        Step(a0, a1, a2, a3, b.L2, ref t0, ref t1, ref t2, ref t3, ref t4, m0, m1, m2, m3, k0);
        Step(a0, a1, a2, a3, b.L3, ref t0, ref t1, ref t2, ref t3, ref t4, m0, m1, m2, m3, k0);
        FinalSubtract(out r, t0, t1, t2, t3, t4, m0, m1, m2, m3);
    }

    // One CIOS iteration: t = (t + a·bi + q·m) / 2^64 with q chosen so the low word vanishes.
    // Invariant: t < 2m before and after.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        ulong a0, ulong a1, ulong a2, ulong a3, ulong bi,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4,
        ulong m0, ulong m1, ulong m2, ulong m3, ulong k0)
    {
        ulong c = 0;
        ulong u0 = Ct.MulAdd(a0, bi, t0, ref c);
        ulong u1 = Ct.MulAdd(a1, bi, t1, ref c);
        ulong u2 = Ct.MulAdd(a2, bi, t2, ref c);
        ulong u3 = Ct.MulAdd(a3, bi, t3, ref c);
        ulong u4 = t4 + c;
        ulong u5 = Ct.Lt(u4, c);

        ulong q = u0 * k0;
        c = 0;
        _ = Ct.MulAdd(q, m0, u0, ref c);
        t0 = Ct.MulAdd(q, m1, u1, ref c);
        t1 = Ct.MulAdd(q, m2, u2, ref c);
        t2 = Ct.MulAdd(q, m3, u3, ref c);
        t3 = u4 + c;
        t4 = u5 + Ct.Lt(t3, c);
    }

    /// <summary>Reduces t (t4:t3..t0, below 2m) to below m without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void FinalSubtract(out U256 r, ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong m0, ulong m1, ulong m2, ulong m3)
    {
        ulong borrow = 0;
        ulong d0 = Ct.SubBorrow(t0, m0, ref borrow);
        ulong d1 = Ct.SubBorrow(t1, m1, ref borrow);
        ulong d2 = Ct.SubBorrow(t2, m2, ref borrow);
        ulong d3 = Ct.SubBorrow(t3, m3, ref borrow);

        // Keep the difference when t4 is set or the subtraction did not borrow.
        ulong useDiff = Ct.Mask(t4 | (borrow ^ 1));
        r.L0 = (d0 & useDiff) | (t0 & ~useDiff);
        r.L1 = (d1 & useDiff) | (t1 & ~useDiff);
        r.L2 = (d2 & useDiff) | (t2 & ~useDiff);
        r.L3 = (d3 & useDiff) | (t3 & ~useDiff);
    }

    /// <summary>r = (a + b) mod m for a, b below m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Add(out U256 r, in U256 a, in U256 b, ulong m0, ulong m1, ulong m2, ulong m3)
    {
        ulong carry = 0;
        ulong s0 = Ct.AddCarry(a.L0, b.L0, ref carry);
        ulong s1 = Ct.AddCarry(a.L1, b.L1, ref carry);
        ulong s2 = Ct.AddCarry(a.L2, b.L2, ref carry);
        ulong s3 = Ct.AddCarry(a.L3, b.L3, ref carry);
        FinalSubtract(out r, s0, s1, s2, s3, carry, m0, m1, m2, m3);
    }

    /// <summary>r = (a - b) mod m for a, b below m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sub(out U256 r, in U256 a, in U256 b, ulong m0, ulong m1, ulong m2, ulong m3)
    {
        ulong borrow = 0;
        ulong d0 = Ct.SubBorrow(a.L0, b.L0, ref borrow);
        ulong d1 = Ct.SubBorrow(a.L1, b.L1, ref borrow);
        ulong d2 = Ct.SubBorrow(a.L2, b.L2, ref borrow);
        ulong d3 = Ct.SubBorrow(a.L3, b.L3, ref borrow);
        ulong mask = Ct.Mask(borrow);
        ulong carry = 0;
        r.L0 = Ct.AddCarry(d0, m0 & mask, ref carry);
        r.L1 = Ct.AddCarry(d1, m1 & mask, ref carry);
        r.L2 = Ct.AddCarry(d2, m2 & mask, ref carry);
        r.L3 = Ct.AddCarry(d3, m3 & mask, ref carry);
    }
}
