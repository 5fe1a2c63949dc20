using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// u1·G + u2·Q for verification (public inputs, variable time). u2·Q uses the key's cached
/// <see cref="PublicKeyTable"/>: u2 is cut into eight 32-bit chunks, each recoded as a width-6
/// NAF, and the eight streams share one chain of 33 doublings (Shamir/Straus interleaving).
/// u1·G is cut the same way (width-8 NAF over <see cref="PublicKeyTable.ForGenerator"/>) and
/// shares that chain: about 37 + 29 additions and 33 doublings in all.
/// </summary>
internal static class VerificationMultiplier
{
    private const int NafLength = PublicKeyTable.ChunkBits + 2;

    /// <summary>Odd multiples Q..15Q of the table-free first verification (width-5 NAF).</summary>
    private const int FirstUseMultiples = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static JacobianPoint Multiply(in U256 u1, in U256 u2, PublicKeyTable table)
    {
        var generator = PublicKeyTable.ForGenerator;
        Span<sbyte> nafQ = stackalloc sbyte[PublicKeyTable.Chunks * NafLength];
        Span<sbyte> nafG = stackalloc sbyte[PublicKeyTable.Chunks * NafLength];
        nafQ.Clear();
        nafG.Clear();
        int top = 0;
        for (int chunk = 0; chunk < PublicKeyTable.Chunks; chunk++)
        {
            top = Math.Max(top, WidthNaf(Chunk(u2, chunk), table.TableWidth, nafQ.Slice(chunk * NafLength, NafLength)));
            top = Math.Max(top, WidthNaf(Chunk(u1, chunk), generator.TableWidth, nafG.Slice(chunk * NafLength, NafLength)));
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
                int digit = nafQ[(chunk * NafLength) + i];
                if (digit != 0)
                {
                    AddSigned(ref acc, table.Get(chunk, (Math.Abs(digit) - 1) >> 1), digit < 0);
                }

                digit = nafG[(chunk * NafLength) + i];
                if (digit != 0)
                {
                    AddSigned(ref acc, generator.Get(chunk, (Math.Abs(digit) - 1) >> 1), digit < 0);
                }
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
        var multiples = new JacobianPoint[FirstUseMultiples];
        var acc = JacobianPoint.FromAffine(q);
        multiples[0] = acc;
        for (int i = 1; i < multiples.Length; i++)
        {
            PointArithmetic.AddMixedVartime(ref acc, twoQ);
            multiples[i] = acc;
        }

        Span<AffinePoint> odd = stackalloc AffinePoint[FirstUseMultiples];
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

    /// <summary>Bits [32·chunk, 32·chunk + 32) of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Chunk(in U256 value, int chunk) =>
        (value.Limb(chunk * PublicKeyTable.ChunkBits / 64) >> (chunk * PublicKeyTable.ChunkBits % 64)) & (ulong.MaxValue >> (64 - PublicKeyTable.ChunkBits));

    /// <summary>
    /// Width-<paramref name="width"/> NAF of a 64-bit value (digits odd in [−2^(w−1)+1, 2^(w−1)−1]
    /// or 0, at most one non-zero digit in any w consecutive ones); returns the digit count (≤ 65).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int WidthNaf(ulong value, int width, Span<sbyte> digits)
    {
        UInt128 v = value;
        int mask = (1 << width) - 1;
        int half = 1 << (width - 1);
        int i = 0;
        while (v != 0)
        {
            if ((v & 1) != 0)
            {
                int d = (int)(ulong)(v & (uint)mask);
                if (d >= half)
                {
                    d -= 1 << width;
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
