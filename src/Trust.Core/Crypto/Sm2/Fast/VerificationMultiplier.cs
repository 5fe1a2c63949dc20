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
