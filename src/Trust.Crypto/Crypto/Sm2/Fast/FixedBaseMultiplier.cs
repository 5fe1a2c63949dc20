using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// k·G in constant time, for the nonce k when signing and for d when deriving a public key.
/// </summary>
/// <remarks>
/// <para>
/// Schedule: the scalar is recoded into 37 signed seven-bit (Booth) digits d_i ∈ [−64, 64] with
/// k = Σ d_i·2^(7i). For every window, in the same order for every scalar, the point |d_i|·2^(7i)·G
/// is fetched with a full masked scan of the window (<see cref="GeneratorTable.LookupConstantTime"/>),
/// negated by a masked select when d_i &lt; 0, and added with the branch-free mixed addition. The
/// cases "accumulator still infinity" and "digit zero" are resolved with masked selects, so the
/// instruction trace and the memory addresses are the same for all scalars.
/// </para>
/// <para>
/// Why the incomplete mixed addition is safe here: before window i the accumulator is
/// S = Σ_{j&lt;i} d_j·2^(7j) with |S| ≤ (64/127)·2^(7i), and the addend is A = d_i·2^(7i) with |A| ≥ 2^(7i)
/// when d_i ≠ 0. For i ≤ 35 both are below n/2 in absolute value, so S ≡ ±A (mod n) would need
/// S = ±A, impossible. In the top window 0 ≤ d_36 ≤ 16 (k &lt; 2^256): S ≡ A forces A = S + n, so
/// k = 2S + n &lt; n needs S &lt; 0 and A in (n − 0.51·2^252, n), which holds no multiple of 2^252; S ≡ −A
/// forces k ≡ 0. So for every k in [1, n−1] the addition never meets the doubling or inverse
/// case; only S = 0 (accumulator at infinity) occurs, and that is selected around. Tests
/// exercise the extreme scalars against a reference.
/// </para>
/// </remarks>
internal static class FixedBaseMultiplier
{
    /// <summary>Returns k·G in Jacobian form; k must be in [1, n−1] (the result is then never infinity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static JacobianPoint Multiply(in U256 k)
    {
        // Little-endian bytes with two zero bytes on top so the last window can read past bit 255.
        Span<byte> bytes = stackalloc byte[34];
        WriteLittleEndian(k, bytes);

        var acc = default(JacobianPoint);
        ulong accIsInfinity = ulong.MaxValue;
        for (int window = 0; window < GeneratorTable.Windows; window++)
        {
            ulong raw = ReadWindow(bytes, window);

            // Booth digit d = ((raw + 1) >> 1) − 128·bit7, in [−64, 64]; sign and magnitude without branches.
            long digit = (long)((raw + 1) >> 1) - (long)((raw >> 7) << 7);
            ulong negative = (ulong)(digit >> 63);
            ulong magnitude = (ulong)((digit ^ (long)negative) - (long)negative);

            GeneratorTable.LookupConstantTime(window, magnitude, out var q);
            q.Y = U256.Select(negative, Fp.Neg(q.Y), q.Y);

            PointArithmetic.AddMixed(out var sum, acc, q);
            var qJacobian = new JacobianPoint { X = q.X, Y = q.Y, Z = Fp.One };
            sum = JacobianPoint.Select(accIsInfinity, qJacobian, sum);

            ulong digitIsZero = Ct.IsZeroMask(magnitude);
            acc = JacobianPoint.Select(digitIsZero, acc, sum);
            accIsInfinity &= digitIsZero;
        }

        bytes.Clear();
        return acc;
    }

    /// <summary>The 8 bits k[7·window − 1 .. 7·window + 6] (bit −1 is 0). Window index is public.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ReadWindow(ReadOnlySpan<byte> littleEndian, int window)
    {
        if (window == 0)
        {
            return ((ulong)littleEndian[0] << 1) & 0xFF;
        }

        int bit = (WindowBits * window) - 1;
        ulong two = littleEndian[bit >> 3] | ((ulong)littleEndian[(bit >> 3) + 1] << 8);
        return (two >> (bit & 7)) & 0xFF;
    }

    private const int WindowBits = GeneratorTable.WindowBits;

    internal static void WriteLittleEndian(in U256 k, Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination, k.L0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], k.L1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], k.L2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], k.L3);
        destination[32..].Clear();
    }
}
