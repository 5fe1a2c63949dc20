using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// Multiplication and squaring in GF(p) with Montgomery reduction specialised to the shape of
/// p = 2^256 − 2^224 − 2^96 + 2^64 − 1. Since −p^-1 ≡ 1 (mod 2^64), each reduction step uses
/// q = the low limb, and t + q·p = 2^64·(t/2^64 rounded down + q·(2^192 − 2^160 − 2^32 + 1)):
/// the "multiply by p" becomes shifts and subtractions, with no multiplications. All
/// branch-free.
/// </summary>
internal static class FpReduction
{
    /// <summary>r = a·b·2^-256 mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Mul(out U256 r, in U256 a, in U256 b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong bi = b.L0;
        ulong c = 0;
        ulong t0 = Ct.MulAdd(a0, bi, 0, ref c);
        ulong t1 = Ct.MulAdd(a1, bi, 0, ref c);
        ulong t2 = Ct.MulAdd(a2, bi, 0, ref c);
        ulong t3 = Ct.MulAdd(a3, bi, 0, ref c);
        ulong t4 = c;

        bi = b.L1;
        c = 0;
        t1 = Ct.MulAdd(a0, bi, t1, ref c);
        t2 = Ct.MulAdd(a1, bi, t2, ref c);
        t3 = Ct.MulAdd(a2, bi, t3, ref c);
        t4 = Ct.MulAdd(a3, bi, t4, ref c);
        ulong t5 = c;

        bi = b.L2;
        c = 0;
        t2 = Ct.MulAdd(a0, bi, t2, ref c);
        t3 = Ct.MulAdd(a1, bi, t3, ref c);
        t4 = Ct.MulAdd(a2, bi, t4, ref c);
        t5 = Ct.MulAdd(a3, bi, t5, ref c);
        ulong t6 = c;

        bi = b.L3;
        c = 0;
        t3 = Ct.MulAdd(a0, bi, t3, ref c);
        t4 = Ct.MulAdd(a1, bi, t4, ref c);
        t5 = Ct.MulAdd(a2, bi, t5, ref c);
        t6 = Ct.MulAdd(a3, bi, t6, ref c);
        ulong t7 = c;

        Reduce(out r, t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>r = a²·2^-256 mod p (10 word multiplications instead of 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sqr(out U256 r, in U256 a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;

        // Off-diagonal products a_i·a_j (i < j).
        ulong c = 0;
        ulong t1 = Ct.MulAdd(a0, a1, 0, ref c);
        ulong t2 = Ct.MulAdd(a0, a2, 0, ref c);
        ulong t3 = Ct.MulAdd(a0, a3, 0, ref c);
        ulong t4 = c;
        c = 0;
        t3 = Ct.MulAdd(a1, a2, t3, ref c);
        t4 = Ct.MulAdd(a1, a3, t4, ref c);
        ulong t5 = c;
        c = 0;
        t5 = Ct.MulAdd(a2, a3, t5, ref c);
        ulong t6 = c;

        // Double them.
        ulong t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;

        // Add the squares a_i² on the diagonal.
        ulong h0 = Ct.MulHigh(a0, a0);
        ulong t0 = a0 * a0;
        ulong h1 = Ct.MulHigh(a1, a1);
        ulong l1 = a1 * a1;
        ulong h2 = Ct.MulHigh(a2, a2);
        ulong l2 = a2 * a2;
        ulong h3 = Ct.MulHigh(a3, a3);
        ulong l3 = a3 * a3;
        c = 0;
        t1 = Ct.AddCarry(t1, h0, ref c);
        t2 = Ct.AddCarry(t2, l1, ref c);
        t3 = Ct.AddCarry(t3, h1, ref c);
        t4 = Ct.AddCarry(t4, l2, ref c);
        t5 = Ct.AddCarry(t5, h2, ref c);
        t6 = Ct.AddCarry(t6, l3, ref c);
        t7 = t7 + h3 + c;

        Reduce(out r, t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>
    /// Montgomery reduction of t (512 bits, below p·2^256): four folding steps on the low half,
    /// each below 2^192 + p &lt; 2^256 so no carry leaves the window, then the high half is added
    /// (sum below 2p) and p subtracted once under a mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce(out U256 r, ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        Fold(ref t0, ref t1, ref t2, ref t3);
        Fold(ref t1, ref t2, ref t3, ref t0);
        Fold(ref t2, ref t3, ref t0, ref t1);
        Fold(ref t3, ref t0, ref t1, ref t2);

        // Window is now (t0, t1, t2, t3) again, least significant first.
        ulong c = 0;
        ulong s0 = Ct.AddCarry(t0, t4, ref c);
        ulong s1 = Ct.AddCarry(t1, t5, ref c);
        ulong s2 = Ct.AddCarry(t2, t6, ref c);
        ulong s3 = Ct.AddCarry(t3, t7, ref c);
        Montgomery.FinalSubtract(out r, s0, s1, s2, s3, c, Fp.P0, Fp.P1, Fp.P2, Fp.P3);
    }

    // (w0, w1, w2, w3) ← (w1, w2, w3, 0) + q·(2^192 − 2^160 − 2^32 + 1) with q = w0; the new
    // least significant limb ends up in w1's variable, the new top limb in w0's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold(ref ulong w0, ref ulong w1, ref ulong w2, ref ulong w3)
    {
        ulong q = w0;
        ulong lo = q << 32;
        ulong hi = q >> 32;

        // D = [q, 0, 0, q] − [lo, hi, lo, hi] (never negative).
        ulong borrow = 0;
        ulong d0 = Ct.SubBorrow(q, lo, ref borrow);
        ulong d1 = Ct.SubBorrow(0, hi, ref borrow);
        ulong d2 = Ct.SubBorrow(0, lo, ref borrow);
        ulong d3 = q - hi - borrow;

        ulong c = 0;
        w1 = Ct.AddCarry(w1, d0, ref c);
        w2 = Ct.AddCarry(w2, d1, ref c);
        w3 = Ct.AddCarry(w3, d2, ref c);
        w0 = d3 + c;
    }
}
