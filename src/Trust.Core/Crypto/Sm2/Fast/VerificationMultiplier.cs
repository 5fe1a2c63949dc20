using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// u1·G + u2·Q for verification (public inputs, variable time). u2·Q uses the key's cached
/// <see cref="PublicKeyTable"/>: u2 is cut into four 64-bit chunks, each recoded as a width-5
/// NAF, and the four streams share one chain of 65 doublings (Shamir/Straus interleaving).
/// u1·G is then added from the fixed-base comb table (37 additions, no doublings).
/// </summary>
internal static class VerificationMultiplier
{
    private const int NafLength = 66;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static JacobianPoint Multiply(in U256 u1, in U256 u2, PublicKeyTable table)
    {
        Span<sbyte> naf = stackalloc sbyte[PublicKeyTable.Chunks * NafLength];
        naf.Clear();
        int top = 0;
        for (int chunk = 0; chunk < PublicKeyTable.Chunks; chunk++)
        {
            int length = Width5Naf(u2.Limb(chunk), naf.Slice(chunk * NafLength, NafLength));
            top = Math.Max(top, length);
        }

        var acc = default(JacobianPoint);
        for (int i = top - 1; i >= 0; i--)
        {
            if (!acc.IsInfinity)
            {
                PointArithmetic.Double(out acc, acc);
            }

            for (int chunk = 0; chunk < PublicKeyTable.Chunks; chunk++)
            {
                int digit = naf[(chunk * NafLength) + i];
                if (digit != 0)
                {
                    AddSigned(ref acc, table.Get(chunk, (Math.Abs(digit) - 1) >> 1), digit < 0);
                }
            }
        }

        Span<byte> bytes = stackalloc byte[34];
        FixedBaseMultiplier.WriteLittleEndian(u1, bytes);
        for (int window = 0; window < GeneratorTable.Windows; window++)
        {
            int raw = (int)FixedBaseMultiplier.ReadWindow(bytes, window);
            int digit = ((raw + 1) >> 1) - ((raw >> 7) << 7);
            if (digit != 0)
            {
                GeneratorTable.LookupVartime(window, Math.Abs(digit), out var g);
                AddSigned(ref acc, g, digit < 0);
            }
        }

        return acc;
    }

    /// <summary>
    /// u1·G + u2·Q without a cached table, for a key's first verification: width-5 NAF of the whole
    /// u2 over the odd multiples Q..15Q (one doubling, seven additions, two inversions to set up),
    /// 257 doublings, then u1·G from the comb table. Cheaper than building the four-chunk table
    /// for a key that may be used once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static JacobianPoint MultiplyWithoutTable(in U256 u1, in U256 u2, in AffinePoint q)
    {
        PointArithmetic.Double(out var twoQJacobian, JacobianPoint.FromAffine(q));
        var twoQ = twoQJacobian.ToAffine();
        var multiples = new JacobianPoint[PublicKeyTable.OddMultiples];
        var acc = JacobianPoint.FromAffine(q);
        multiples[0] = acc;
        for (int i = 1; i < multiples.Length; i++)
        {
            PointArithmetic.AddMixedVartime(ref acc, twoQ);
            multiples[i] = acc;
        }

        Span<AffinePoint> odd = stackalloc AffinePoint[PublicKeyTable.OddMultiples];
        PointArithmetic.BatchToAffine(multiples, odd);

        Span<sbyte> naf = stackalloc sbyte[258];
        naf.Clear();
        int length = Width5Naf(u2, naf);
        var result = default(JacobianPoint);
        for (int i = length - 1; i >= 0; i--)
        {
            if (!result.IsInfinity)
            {
                PointArithmetic.Double(out result, result);
            }

            int digit = naf[i];
            if (digit != 0)
            {
                AddSigned(ref result, odd[(Math.Abs(digit) - 1) >> 1], digit < 0);
            }
        }

        AddGenerator(ref result, u1);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddGenerator(ref JacobianPoint acc, in U256 u1)
    {
        Span<byte> bytes = stackalloc byte[34];
        FixedBaseMultiplier.WriteLittleEndian(u1, bytes);
        for (int window = 0; window < GeneratorTable.Windows; window++)
        {
            int raw = (int)FixedBaseMultiplier.ReadWindow(bytes, window);
            int digit = ((raw + 1) >> 1) - ((raw >> 7) << 7);
            if (digit != 0)
            {
                GeneratorTable.LookupVartime(window, Math.Abs(digit), out var g);
                AddSigned(ref acc, g, digit < 0);
            }
        }
    }

    /// <summary>Width-5 NAF of a 256-bit value (public); returns the digit count (≤ 257).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Width5Naf(in U256 value, Span<sbyte> digits)
    {
        Span<ulong> v = [value.L0, value.L1, value.L2, value.L3, 0];
        int i = 0;
        while ((v[0] | v[1] | v[2] | v[3] | v[4]) != 0)
        {
            int d = 0;
            if ((v[0] & 1) != 0)
            {
                d = (int)(v[0] & 31);
                if (d >= 16)
                {
                    d -= 32;
                }

                // v −= d, propagating the borrow or carry through the limbs.
                if (d > 0)
                {
                    ulong borrow = (ulong)d;
                    for (int j = 0; j < v.Length && borrow != 0; j++)
                    {
                        ulong before = v[j];
                        v[j] = before - borrow;
                        borrow = before < borrow ? 1UL : 0UL;
                    }
                }
                else
                {
                    ulong carry = (ulong)(-d);
                    for (int j = 0; j < v.Length && carry != 0; j++)
                    {
                        v[j] += carry;
                        carry = v[j] < carry ? 1UL : 0UL;
                    }
                }
            }

            digits[i++] = (sbyte)d;
            for (int j = 0; j < v.Length - 1; j++)
            {
                v[j] = (v[j] >> 1) | (v[j + 1] << 63);
            }

            v[^1] >>= 1;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddSigned(ref JacobianPoint acc, in AffinePoint point, bool negate)
    {
        if (negate)
        {
            var negated = new AffinePoint(point.X, Fp.Neg(point.Y));
            PointArithmetic.AddMixedVartime(ref acc, negated);
        }
        else
        {
            PointArithmetic.AddMixedVartime(ref acc, point);
        }
    }

    /// <summary>Width-5 NAF of a 64-bit value (digits odd in [−15, 15] or 0); returns the digit count (≤ 65).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Width5Naf(ulong value, Span<sbyte> digits)
    {
        UInt128 v = value;
        int i = 0;
        while (v != 0)
        {
            if ((v & 1) != 0)
            {
                int d = (int)(ulong)(v & 31);
                if (d >= 16)
                {
                    d -= 32;
                }

                digits[i] = (sbyte)d;
                v = d >= 0 ? v - (uint)d : v + (uint)(-d);
            }

            v >>= 1;
            i++;
        }

        return i;
    }
}
