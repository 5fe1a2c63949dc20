using System.Runtime.CompilerServices;

using Trust.Core.Crypto.Sm2.Fast;

namespace Trust.Bench.Baselines;

/// <summary>
/// Per-public-key precomputation for verification, built once and cached in the key handle:
/// for the four bases B_j = 2^(64j)·Q, the odd multiples 1·B_j, 3·B_j, …, 15·B_j (affine,
/// 32 points, 2 KiB). A 256-bit scalar split into four 64-bit chunks then needs only 65
/// doublings, shared by the four width-5 NAF streams. Building costs about 190 doublings,
/// 28 additions and two inversions (roughly the price of one verification).
/// </summary>
/// <remarks>Issue 19 baseline: the 4 x 64-bit, width-5 table as it was before; kept only for the benchmark.</remarks>
internal sealed class LegacyPublicKeyTable
{
    internal const int Chunks = 4;
    internal const int OddMultiples = 8; // width-5 NAF digits are odd in [−15, 15]

    private readonly AffinePoint[] _points;

    private LegacyPublicKeyTable(AffinePoint[] points) => _points = points;

    /// <summary>(2·index + 1)·2^(64·chunk)·Q.</summary>
    internal ref readonly AffinePoint Get(int chunk, int index) => ref _points[(chunk * OddMultiples) + index];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static LegacyPublicKeyTable Build(in AffinePoint q)
    {
        // Bases and their doubles, in Jacobian, then one batch normalisation.
        var jacobian = new JacobianPoint[2 * Chunks];
        var current = JacobianPoint.FromAffine(q);
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            if (chunk > 0)
            {
                for (int i = 0; i < 64; i++)
                {
                    PointArithmetic.Double(out current, current);
                }
            }

            jacobian[2 * chunk] = current;
            PointArithmetic.Double(out jacobian[(2 * chunk) + 1], current);
        }

        var basesAndDoubles = new AffinePoint[2 * Chunks];
        PointArithmetic.BatchToAffine(jacobian, basesAndDoubles);

        // Odd multiples: (2i+1)B = (2i−1)B + 2B. Q has prime order n > 15, so no exceptional case.
        var multiples = new JacobianPoint[Chunks * OddMultiples];
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            var acc = JacobianPoint.FromAffine(basesAndDoubles[2 * chunk]);
            multiples[chunk * OddMultiples] = acc;
            for (int i = 1; i < OddMultiples; i++)
            {
                PointArithmetic.AddMixedVartime(ref acc, basesAndDoubles[(2 * chunk) + 1]);
                multiples[(chunk * OddMultiples) + i] = acc;
            }
        }

        var points = new AffinePoint[Chunks * OddMultiples];
        PointArithmetic.BatchToAffine(multiples, points);
        return new LegacyPublicKeyTable(points);
    }
}
