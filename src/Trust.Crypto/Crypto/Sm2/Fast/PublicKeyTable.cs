using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// Per-public-key precomputation for verification, built once and cached in the key handle:
/// for the eight bases B_j = 2^(32j)·Q, the odd multiples 1·B_j, 3·B_j, …, 31·B_j (affine,
/// 128 points, 8 KiB). A 256-bit scalar split into eight 32-bit chunks then needs only 33
/// doublings, shared by the eight width-6 NAF streams (about 37 additions in all). Building
/// costs about 230 doublings, 128 additions and two inversions (two to three verifications);
/// issue 19 moved from four 64-bit chunks with width 5 (65 doublings, about 43 additions).
/// <see cref="ForGenerator"/> is the same layout for G with width 8 (odd multiples up to 127,
/// 512 points, 32 KiB, built once per process): u1·G then shares the 33 doublings of u2·Q and
/// costs about 29 additions instead of the comb's 37.
/// </summary>
internal sealed class PublicKeyTable
{
    internal const int Chunks = 8;
    internal const int ChunkBits = 256 / Chunks;
    internal const int Width = 6;
    internal const int OddMultiples = 1 << (Width - 2); // width-6 NAF digits are odd in [−31, 31]
    internal const int GeneratorWidth = 8;

    private static PublicKeyTable? s_generator;

    private readonly AffinePoint[] _points;
    private readonly int _oddMultiples;

    private PublicKeyTable(AffinePoint[] points, int width)
    {
        _points = points;
        TableWidth = width;
        _oddMultiples = 1 << (width - 2);
    }

    /// <summary>The table of G (width <see cref="GeneratorWidth"/>), built on first use.</summary>
    internal static PublicKeyTable ForGenerator => s_generator ??= Build(AffinePoint.Generator, GeneratorWidth);

    /// <summary>NAF width the table serves: digits odd in [−2^(w−1)+1, 2^(w−1)−1].</summary>
    internal int TableWidth { get; }

    /// <summary>(2·index + 1)·2^(32·chunk)·Q.</summary>
    internal ref readonly AffinePoint Get(int chunk, int index) => ref _points[(chunk * _oddMultiples) + index];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static PublicKeyTable Build(in AffinePoint q, int width = Width)
    {
        int oddMultiples = 1 << (width - 2);
        // Bases and their doubles, in Jacobian, then one batch normalisation.
        var jacobian = new JacobianPoint[2 * Chunks];
        var current = JacobianPoint.FromAffine(q);
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            if (chunk > 0)
            {
                for (int i = 0; i < ChunkBits; i++)
                {
                    PointArithmetic.Double(out current, current);
                }
            }

            jacobian[2 * chunk] = current;
            PointArithmetic.Double(out jacobian[(2 * chunk) + 1], current);
        }

        var basesAndDoubles = new AffinePoint[2 * Chunks];
        PointArithmetic.BatchToAffine(jacobian, basesAndDoubles);

        // Odd multiples: (2i+1)B = (2i−1)B + 2B. Q has prime order n > 2^(width−1), so no exceptional case.
        var multiples = new JacobianPoint[Chunks * oddMultiples];
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            var acc = JacobianPoint.FromAffine(basesAndDoubles[2 * chunk]);
            multiples[chunk * oddMultiples] = acc;
            for (int i = 1; i < oddMultiples; i++)
            {
                PointArithmetic.AddMixedVartime(ref acc, basesAndDoubles[(2 * chunk) + 1]);
                multiples[(chunk * oddMultiples) + i] = acc;
            }
        }

        var points = new AffinePoint[Chunks * oddMultiples];
        PointArithmetic.BatchToAffine(multiples, points);
        return new PublicKeyTable(points, width);
    }
}
