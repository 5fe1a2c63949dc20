using System.Runtime.CompilerServices;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>An affine point with Montgomery-form coordinates. (0, 0) is never on the curve (b ≠ 0).</summary>
internal struct AffinePoint
{
    internal U256 X;
    internal U256 Y;

    internal AffinePoint(in U256 x, in U256 y)
    {
        X = x;
        Y = y;
    }

    /// <summary>The generator G of sm2p256v1 (GB/T 32918.5), Montgomery form.</summary>
    internal static AffinePoint Generator => new(
        new U256(0x61328990F418029E, 0x3E7981EDDCA6C050, 0xD6A1ED99AC24C3C3, 0x91167A5EE1C13B05),
        new U256(0xC1354E593C2D0DDD, 0xC1F5E5788D3295FA, 0x8D4CFB066E2A48F8, 0x63CD65D481D735BD));

    /// <summary>True when y² = x³ − 3x + b (public data; variable time is fine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal readonly bool IsOnCurve()
    {
        var y2 = Fp.Sqr(Y);
        var x3 = Fp.Mul(Fp.Sqr(X), X);
        var threeX = Fp.Add(Fp.Add(X, X), X);
        var rhs = Fp.Add(Fp.Sub(x3, threeX), Fp.B);
        return y2.Equals(rhs);
    }

    /// <summary>Decodes 0x04 ‖ x ‖ y; false unless both coordinates are below p and the point is on the curve.</summary>
    internal static bool TryDecodeUncompressed(ReadOnlySpan<byte> encoded, out AffinePoint point)
    {
        point = default;
        if (encoded.Length != 65 || encoded[0] != 0x04
            || !Fp.TryFromBytes(encoded.Slice(1, 32), out var x)
            || !Fp.TryFromBytes(encoded.Slice(33, 32), out var y))
        {
            return false;
        }

        point = new AffinePoint(x, y);
        return point.IsOnCurve();
    }

    internal readonly byte[] EncodeUncompressed()
    {
        var result = new byte[65];
        result[0] = 0x04;
        Fp.ToBytes(X, result.AsSpan(1, 32));
        Fp.ToBytes(Y, result.AsSpan(33, 32));
        return result;
    }
}

/// <summary>A point in Jacobian coordinates (x = X/Z², y = Y/Z³), Montgomery form; Z = 0 is the point at infinity.</summary>
internal struct JacobianPoint
{
    internal U256 X;
    internal U256 Y;
    internal U256 Z;

    internal static JacobianPoint FromAffine(in AffinePoint p) => new() { X = p.X, Y = p.Y, Z = Fp.One };

    internal readonly bool IsInfinity => Z.IsZero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static JacobianPoint Select(ulong mask, in JacobianPoint whenSet, in JacobianPoint whenClear) => new()
    {
        X = U256.Select(mask, whenSet.X, whenClear.X),
        Y = U256.Select(mask, whenSet.Y, whenClear.Y),
        Z = U256.Select(mask, whenSet.Z, whenClear.Z),
    };

    /// <summary>The affine form; the caller guarantees Z ≠ 0. Constant time (Fermat inversion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal readonly AffinePoint ToAffine()
    {
        var zInv = Fp.Invert(Z);
        var zInv2 = Fp.Sqr(zInv);
        return new AffinePoint(Fp.Mul(X, zInv2), Fp.Mul(Y, Fp.Mul(zInv2, zInv)));
    }
}

/// <summary>Group law on sm2p256v1 in Jacobian coordinates (formulas from the Explicit-Formulas Database).</summary>
internal static class PointArithmetic
{
    /// <summary>
    /// r = 2p, "dbl-2001-b" for a = −3: 3M + 5S. Branch-free; infinity (Z = 0) stays infinity and
    /// there are no points of order 2 on this prime-order curve.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Double(out JacobianPoint r, in JacobianPoint p)
    {
        Fp.Sqr(out var delta, p.Z);
        Fp.Sqr(out var gamma, p.Y);
        Fp.Mul(out var beta, p.X, gamma);
        Fp.Sub(out var t0, p.X, delta);
        Fp.Add(out var t1, p.X, delta);
        Fp.Mul(out var alpha, t0, t1);
        Fp.Add(out var t2, alpha, alpha);
        Fp.Add(out alpha, t2, alpha);                 // alpha = 3(X − δ)(X + δ)

        Fp.Add(out var beta2, beta, beta);
        Fp.Add(out var beta4, beta2, beta2);
        Fp.Add(out var beta8, beta4, beta4);
        Fp.Sqr(out var x3, alpha);
        Fp.Sub(out x3, x3, beta8);                    // X3 = α² − 8β

        Fp.Add(out var yz, p.Y, p.Z);
        Fp.Sqr(out var z3, yz);
        Fp.Sub(out z3, z3, gamma);
        Fp.Sub(out z3, z3, delta);                    // Z3 = (Y + Z)² − γ − δ

        Fp.Sub(out var t3, beta4, x3);
        Fp.Mul(out var y3, alpha, t3);
        Fp.Sqr(out var gamma2, gamma);
        Fp.Add(out var g2, gamma2, gamma2);
        Fp.Add(out var g4, g2, g2);
        Fp.Add(out var g8, g4, g4);
        Fp.Sub(out y3, y3, g8);                       // Y3 = α(4β − X3) − 8γ²

        r.X = x3;
        r.Y = y3;
        r.Z = z3;
    }

    /// <summary>
    /// r = p + q with q affine ("madd" with 8M + 3S), branch-free. Not valid when p is infinity,
    /// p = ±q: callers either prove those cases cannot occur (see <see cref="FixedBaseMultiplier"/>)
    /// or select around them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddMixed(out JacobianPoint r, in JacobianPoint p, in AffinePoint q)
    {
        Fp.Sqr(out var z1z1, p.Z);
        Fp.Mul(out var u2, q.X, z1z1);
        Fp.Mul(out var z1cubed, p.Z, z1z1);
        Fp.Mul(out var s2, q.Y, z1cubed);
        Fp.Sub(out var h, u2, p.X);
        Fp.Sub(out var rr, s2, p.Y);
        AddMixedTail(out r, p, h, rr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddMixedTail(out JacobianPoint r, in JacobianPoint p, in U256 h, in U256 rr)
    {
        Fp.Sqr(out var hh, h);
        Fp.Mul(out var hhh, h, hh);
        Fp.Mul(out var v, p.X, hh);
        Fp.Sqr(out var x3, rr);
        Fp.Sub(out x3, x3, hhh);
        Fp.Sub(out x3, x3, v);
        Fp.Sub(out x3, x3, v);                        // X3 = R² − H³ − 2V
        Fp.Sub(out var t, v, x3);
        Fp.Mul(out var y3, rr, t);
        Fp.Mul(out var t2, p.Y, hhh);
        Fp.Sub(out y3, y3, t2);                       // Y3 = R(V − X3) − Y1·H³
        Fp.Mul(out var z3, p.Z, h);                   // Z3 = Z1·H
        r.X = x3;
        r.Y = y3;
        r.Z = z3;
    }

    /// <summary>
    /// acc += q for public data (verification, table building): handles acc = infinity, acc = q
    /// (doubles) and acc = −q (gives infinity). Variable time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddMixedVartime(ref JacobianPoint acc, in AffinePoint q)
    {
        if (acc.IsInfinity)
        {
            acc = JacobianPoint.FromAffine(q);
            return;
        }

        Fp.Sqr(out var z1z1, acc.Z);
        Fp.Mul(out var u2, q.X, z1z1);
        Fp.Mul(out var z1cubed, acc.Z, z1z1);
        Fp.Mul(out var s2, q.Y, z1cubed);
        Fp.Sub(out var h, u2, acc.X);
        Fp.Sub(out var rr, s2, acc.Y);
        if (h.IsZero)
        {
            if (rr.IsZero)
            {
                Double(out acc, acc);
            }
            else
            {
                acc = default;
            }

            return;
        }

        AddMixedTail(out acc, acc, h, rr);
    }

    /// <summary>Converts many points to affine with one inversion (Montgomery's trick). Every Z must be non-zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BatchToAffine(ReadOnlySpan<JacobianPoint> points, Span<AffinePoint> result)
    {
        var prefix = new U256[points.Length];
        var acc = Fp.One;
        for (int i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            acc = Fp.Mul(acc, points[i].Z);
        }

        var inv = Fp.Invert(acc);
        for (int i = points.Length - 1; i >= 0; i--)
        {
            var zInv = Fp.Mul(inv, prefix[i]);
            inv = Fp.Mul(inv, points[i].Z);
            var zInv2 = Fp.Sqr(zInv);
            result[i] = new AffinePoint(Fp.Mul(points[i].X, zInv2), Fp.Mul(points[i].Y, Fp.Mul(zInv2, zInv)));
        }
    }
}
