using System.Numerics;
using FsCheck.Xunit;
using Trust.Core.Crypto.Sm2.Fast;
using static Trust.Core.Tests.Sm2Fast.Sm2Arbitraries;

namespace Trust.Core.Tests.Sm2Fast;

/// <summary>Field (mod p) and scalar (mod n) arithmetic against System.Numerics.BigInteger.</summary>
[Properties(Arbitrary = [typeof(Sm2Arbitraries)], MaxTest = 500)]
public sealed class FieldArithmeticTests
{
    private static readonly BigInteger R = BigInteger.One << 256;

    private static U256 ToU(BigInteger v) => U256.FromBigEndian(ToBytes32(v));

    private static BigInteger ToBig(in U256 v) => FromBytes(v.ToBigEndian());

    private static U256 Fe(BigInteger v) => Fp.ToMontgomery(ToU(v % P));

    private static BigInteger FeValue(in U256 m) => ToBig(Fp.FromMontgomery(m));

    [Property]
    public bool Field_operations_match_BigInteger(Value256 a, Value256 b)
    {
        BigInteger x = a.Value % P, y = b.Value % P;
        var fx = Fe(x);
        var fy = Fe(y);
        return FeValue(Fp.Mul(fx, fy)) == x * y % P
            && FeValue(Fp.Sqr(fx)) == x * x % P
            && FeValue(Fp.Add(fx, fy)) == (x + y) % P
            && FeValue(Fp.Sub(fx, fy)) == ((x - y) % P + P) % P
            && FeValue(Fp.Neg(fx)) == (P - x) % P
            && ToBig(Fp.ToMontgomery(ToU(x))) == x * R % P;
    }

    [Property(MaxTest = 100)]
    public bool Field_inversion_matches_modular_inverse(Value256 a)
    {
        var x = a.Value % P;
        var inv = FeValue(Fp.Invert(Fe(x)));
        return x.IsZero ? inv.IsZero : inv == BigInteger.ModPow(x, P - 2, P) && x * inv % P == 1;
    }

    [Property]
    public bool Field_parsing_accepts_exactly_values_below_p(Value256 a)
    {
        var ok = Fp.TryFromBytes(ToBytes32(a.Value), out var m);
        return ok == (a.Value < P) && (!ok || FeValue(m) == a.Value);
    }

    [Property]
    public bool Scalar_operations_match_BigInteger(Value256 a, Value256 b)
    {
        BigInteger x = a.Value % N, y = b.Value % N;
        var ux = ToU(x);
        var uy = ToU(y);
        return ToBig(Fn.Mul(ux, uy)) == x * y % N
            && ToBig(Fn.Add(ux, uy)) == (x + y) % N
            && ToBig(Fn.Sub(ux, uy)) == ((x - y) % N + N) % N
            && ToBig(Fn.Reduce(ToU(a.Value))) == a.Value % N
            && Fn.IsInRange(ToU(a.Value)) == (a.Value >= 1 && a.Value < N);
    }

    [Property(MaxTest = 50)]
    public bool Scalar_inversion_matches_modular_inverse(Value256 a)
    {
        var x = a.Value % N;
        var inv = ToBig(Fn.Invert(ToU(x)));
        return x.IsZero ? inv.IsZero : x * inv % N == 1;
    }

    [Fact]
    public void Edge_values_of_the_field_reduce_like_BigInteger()
    {
        foreach (var a in Edges)
        {
            foreach (var b in Edges)
            {
                BigInteger x = a % P, y = b % P;
                Assert.Equal(x * y % P, FeValue(Fp.Mul(Fe(x), Fe(y))));
                Assert.Equal((x + y) % P, FeValue(Fp.Add(Fe(x), Fe(y))));
                Assert.Equal(((x - y) % P + P) % P, FeValue(Fp.Sub(Fe(x), Fe(y))));
                BigInteger s = a % N, t = b % N;
                Assert.Equal(s * t % N, ToBig(Fn.Mul(ToU(s), ToU(t))));
            }
        }
    }

    [Fact]
    public void Square_root_candidate_squares_back_for_curve_points()
    {
        var g = AffinePoint.Generator;
        var y2 = Fp.Sqr(g.Y);
        var root = Fp.SqrtCandidate(y2);
        Assert.True(root.Equals(g.Y) || root.Equals(Fp.Neg(g.Y)));
    }
}
