using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// The fixed-base table for G: for each of the 37 seven-bit windows i, the affine points
/// j·2^(7i)·G for j = 1..64 (Montgomery form), 151 KiB in one flat array, built once on first
/// use. Signed (Booth) digits in [−64, 64] index it, so k·G costs 37 mixed additions and no
/// doublings.
/// </summary>
internal static class GeneratorTable
{
    internal const int WindowBits = 7;
    internal const int Windows = 37;          // ceil(257 / 7): the top Booth window reaches bit 258
    internal const int EntriesPerWindow = 64; // |digit| ≤ 2^(w−1)
    private const int UlongsPerEntry = 8;     // x (4 limbs) then y (4 limbs)

    private static readonly ulong[] Table = Build();

    /// <summary>
    /// Constant-time lookup: reads every entry of window <paramref name="window"/> and keeps
    /// entry <paramref name="magnitude"/> − 1 through a mask, so neither the branch pattern nor
    /// the memory addresses depend on the secret digit. Magnitude 0 yields (0, 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void LookupConstantTime(int window, ulong magnitude, out AffinePoint point)
    {
        ref ulong start = ref MemoryMarshal.GetArrayDataReference(Table);
        start = ref Unsafe.Add(ref start, window * EntriesPerWindow * UlongsPerEntry);
        if (Vector256.IsHardwareAccelerated)
        {
            var x = Vector256<ulong>.Zero;
            var y = Vector256<ulong>.Zero;
            for (int j = 0; j < EntriesPerWindow; j++)
            {
                var mask = Vector256.Create(Ct.IsZeroMask((ulong)(j + 1) ^ magnitude));
                x |= Vector256.LoadUnsafe(ref start, (nuint)(j * UlongsPerEntry)) & mask;
                y |= Vector256.LoadUnsafe(ref start, (nuint)((j * UlongsPerEntry) + 4)) & mask;
            }

            point.X = Unsafe.BitCast<Vector256<ulong>, U256>(x);
            point.Y = Unsafe.BitCast<Vector256<ulong>, U256>(y);
            return;
        }

        ulong x0 = 0, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
        for (int j = 0; j < EntriesPerWindow; j++)
        {
            ulong m = Ct.IsZeroMask((ulong)(j + 1) ^ magnitude);
            ref ulong e = ref Unsafe.Add(ref start, j * UlongsPerEntry);
            x0 |= e & m;
            x1 |= Unsafe.Add(ref e, 1) & m;
            x2 |= Unsafe.Add(ref e, 2) & m;
            x3 |= Unsafe.Add(ref e, 3) & m;
            y0 |= Unsafe.Add(ref e, 4) & m;
            y1 |= Unsafe.Add(ref e, 5) & m;
            y2 |= Unsafe.Add(ref e, 6) & m;
            y3 |= Unsafe.Add(ref e, 7) & m;
        }

        point.X = new U256(x0, x1, x2, x3);
        point.Y = new U256(y0, y1, y2, y3);
    }

    /// <summary>Direct read of entry <paramref name="magnitude"/> − 1 (1 ≤ magnitude ≤ 64). For public scalars only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void LookupVartime(int window, int magnitude, out AffinePoint point)
    {
        ref ulong e = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), ((window * EntriesPerWindow) + magnitude - 1) * UlongsPerEntry);
        point.X = new U256(e, Unsafe.Add(ref e, 1), Unsafe.Add(ref e, 2), Unsafe.Add(ref e, 3));
        point.Y = new U256(Unsafe.Add(ref e, 4), Unsafe.Add(ref e, 5), Unsafe.Add(ref e, 6), Unsafe.Add(ref e, 7));
    }

    private static ulong[] Build()
    {
        var table = new ulong[Windows * EntriesPerWindow * UlongsPerEntry];
        var jacobian = new JacobianPoint[EntriesPerWindow];
        var affine = new AffinePoint[EntriesPerWindow];
        var baseAffine = AffinePoint.Generator;
        for (int window = 0; window < Windows; window++)
        {
            // Multiples 1..64 of B = 2^(7·window)·G. Adding B to jB (2 ≤ j ≤ 63) never hits
            // the doubling or inverse case because 64 < n.
            jacobian[0] = JacobianPoint.FromAffine(baseAffine);
            PointArithmetic.Double(out jacobian[1], jacobian[0]);
            for (int j = 2; j < EntriesPerWindow; j++)
            {
                PointArithmetic.AddMixed(out jacobian[j], jacobian[j - 1], baseAffine);
            }

            PointArithmetic.BatchToAffine(jacobian, affine);
            for (int j = 0; j < EntriesPerWindow; j++)
            {
                int offset = ((window * EntriesPerWindow) + j) * UlongsPerEntry;
                WriteEntry(table.AsSpan(offset, UlongsPerEntry), affine[j]);
            }

            // Next base: 2^7·B = 2·(64·B).
            PointArithmetic.Double(out var next, JacobianPoint.FromAffine(affine[EntriesPerWindow - 1]));
            baseAffine = next.ToAffine();
        }

        return table;
    }

    private static void WriteEntry(Span<ulong> destination, in AffinePoint p)
    {
        destination[0] = p.X.L0;
        destination[1] = p.X.L1;
        destination[2] = p.X.L2;
        destination[3] = p.X.L3;
        destination[4] = p.Y.L0;
        destination[5] = p.Y.L1;
        destination[6] = p.Y.L2;
        destination[7] = p.Y.L3;
    }
}
