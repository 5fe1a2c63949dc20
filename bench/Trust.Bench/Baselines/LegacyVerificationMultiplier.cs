using System.Runtime.CompilerServices;
using Trust.Core.Crypto.Sm2.Fast;

namespace Trust.Bench.Baselines;

/// <summary>Issue 19 baseline: u1·G + u2·Q as it was before (four 64-bit chunks, width-5 NAF); kept only for the benchmark.</summary>
internal static class LegacyVerificationMultiplier
{
    private const int NafLength = 66;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static JacobianPoint Multiply(in U256 u1, in U256 u2, LegacyPublicKeyTable table)
    {
        Span<sbyte> naf = stackalloc sbyte[LegacyPublicKeyTable.Chunks * NafLength];
        naf.Clear();
        int top = 0;
        for (int chunk = 0; chunk < LegacyPublicKeyTable.Chunks; chunk++)
        {
            int length = VerificationMultiplier.WidthNaf(u2.Limb(chunk), 5, naf.Slice(chunk * NafLength, NafLength));
            top = Math.Max(top, length);
        }

        var acc = default(JacobianPoint);
        for (int i = top - 1; i >= 0; i--)
        {
            if (!acc.IsInfinity)
            {
                PointArithmetic.Double(out acc, acc);
            }

            for (int chunk = 0; chunk < LegacyPublicKeyTable.Chunks; chunk++)
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
}
