using System.Numerics;
using FsCheck.Xunit;
using Org.BouncyCastle.Math.EC;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Crypto.Sm2.Fast;
using static Trust.Core.Tests.Sm2Fast.Sm2Arbitraries;

namespace Trust.Core.Tests.Sm2Fast;

/// <summary>Scalar multiplications against BouncyCastle's curve arithmetic.</summary>
[Properties(Arbitrary = [typeof(Sm2Arbitraries)], MaxTest = 150)]
public sealed class PointArithmeticTests
{
    private static Org.BouncyCastle.Math.BigInteger Bc(BigInteger v) => new(1, ToBytes32(v));

    private static string Hex(ECPoint p) => Convert.ToHexString(p.Normalize().GetEncoded(false));

    private static U256 U(BigInteger v) => U256.FromBigEndian(ToBytes32(v));

    [Property]
    public bool Fixed_base_multiplication_matches_reference(Value256 k)
    {
        var scalar = 1 + (k.Value % (N - 1)); // [1, n−1]
        var ours = FixedBaseMultiplier.Multiply(U(scalar)).ToAffine().EncodeUncompressed();
        return Convert.ToHexString(ours) == Hex(Sm2Curve.Domain.G.Multiply(Bc(scalar)));
    }

    [Property(MaxTest = 60)]
    public bool Verification_multiplication_matches_reference(Value256 u1, Value256 u2, Value256 q)
    {
        var d = 1 + (q.Value % (N - 2));
        var qPoint = Sm2Curve.Domain.G.Multiply(Bc(d)).Normalize();
        Assert.True(AffinePoint.TryDecodeUncompressed(qPoint.GetEncoded(false), out var qAffine));
        var table = PublicKeyTable.Build(qAffine);
        BigInteger a = u1.Value % N, b = u2.Value % N;
        var ours = VerificationMultiplier.Multiply(U(a), U(b), table);
        var untabled = VerificationMultiplier.MultiplyWithoutTable(U(a), U(b), qAffine);
        var expected = Sm2Curve.Domain.G.Multiply(Bc(a)).Add(qPoint.Multiply(Bc(b))).Normalize();
        return expected.IsInfinity
            ? ours.IsInfinity && untabled.IsInfinity
            : Convert.ToHexString(ours.ToAffine().EncodeUncompressed()) == Hex(expected)
                && Convert.ToHexString(untabled.ToAffine().EncodeUncompressed()) == Hex(expected);
    }

    [Fact]
    public void Verification_multiplication_handles_cancellation_and_doubling()
    {
        // Q = G: s·G + t·G with t = n − s cancels to infinity; t = s doubles.
        Assert.True(AffinePoint.TryDecodeUncompressed(AffinePoint.Generator.EncodeUncompressed(), out var g));
        var table = PublicKeyTable.Build(g);
        foreach (var s in new BigInteger[] { 1, 2, 12345, N - 1, (N - 1) / 2, BigInteger.One << 200 })
        {
            Assert.True(VerificationMultiplier.Multiply(U(s), U(N - s), table).IsInfinity);
            Assert.True(VerificationMultiplier.MultiplyWithoutTable(U(s), U(N - s), g).IsInfinity);
            var doubled = VerificationMultiplier.Multiply(U(s), U(s), table);
            Assert.Equal(Hex(Sm2Curve.Domain.G.Multiply(Bc(2 * s % N))), Convert.ToHexString(doubled.ToAffine().EncodeUncompressed()));
        }
    }

    [Property(MaxTest = 300)]
    public bool Width5_naf_reconstructs_the_scalar(Value256 k)
    {
        var value = k.Value % TwoTo256;
        var digits = new sbyte[258];
        int length = VerificationMultiplier.Width5Naf(U(value), digits);
        BigInteger sum = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            sum = (sum << 1) + digits[i];
        }

        return sum == value && digits.All(d => d == 0 || (d % 2 != 0 && Math.Abs((int)d) <= 15));
    }

    [Property(MaxTest = 300)]
    public bool Chunked_width6_naf_reconstructs_the_scalar(Value256 k)
    {
        // The verification split (issue 19): eight 32-bit chunks, each a width-6 NAF of at most 33 digits.
        var value = k.Value % TwoTo256;
        var u = U(value);
        BigInteger sum = 0;
        var ok = true;
        for (int chunk = PublicKeyTable.Chunks - 1; chunk >= 0; chunk--)
        {
            var digits = new sbyte[PublicKeyTable.ChunkBits + 2];
            int length = VerificationMultiplier.WidthNaf(VerificationMultiplier.Chunk(u, chunk), PublicKeyTable.Width, digits);
            ok &= length <= PublicKeyTable.ChunkBits + 1;
            BigInteger part = 0;
            for (int i = length - 1; i >= 0; i--)
            {
                part = (part << 1) + digits[i];
            }

            ok &= part == ((value >> (chunk * PublicKeyTable.ChunkBits)) & ((BigInteger.One << PublicKeyTable.ChunkBits) - 1));
            ok &= digits.All(d => d == 0 || (d % 2 != 0 && Math.Abs((int)d) < (1 << (PublicKeyTable.Width - 1))));
            for (int i = 0; i + 1 < length; i++)
            {
                // Non-adjacency: at most one non-zero digit in any Width consecutive digits.
                ok &= digits[i] == 0 || digits.Skip(i + 1).Take(PublicKeyTable.Width - 1).All(d => d == 0);
            }

            sum = (sum << PublicKeyTable.ChunkBits) + part;
        }

        return ok && sum == value;
    }

    [Fact]
    public void Booth_windows_reconstruct_the_scalar()
    {
        var random = new Random(1);
        for (int trial = 0; trial < 200; trial++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            var k = FromBytes(bytes);
            var le = new byte[34];
            FixedBaseMultiplier.WriteLittleEndian(U(k), le);
            BigInteger sum = 0;
            for (int w = 0; w < GeneratorTable.Windows; w++)
            {
                int raw = (int)FixedBaseMultiplier.ReadWindow(le, w);
                int digit = ((raw + 1) >> 1) - ((raw >> 7) << 7);
                Assert.InRange(digit, -64, 64);
                sum += digit * (BigInteger.One << (7 * w));
            }

            Assert.Equal(k, sum);
        }
    }
}
