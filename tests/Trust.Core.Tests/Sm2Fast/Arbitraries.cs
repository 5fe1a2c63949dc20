using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Trust.Core.Tests.Sm2Fast;

/// <summary>A 256-bit value for properties: mostly uniform, often an edge case near 0, p, n or 2^256.</summary>
public sealed record Value256(BigInteger Value)
{
    public override string ToString() => Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}

public static class Sm2Arbitraries
{
    internal static readonly BigInteger P = BigInteger.Parse("0FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    internal static readonly BigInteger N = BigInteger.Parse("0FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    internal static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    internal static readonly BigInteger[] Edges =
    [
        0, 1, 2, 3, P - 1, P, P + 1, P - 2, N - 1, N, N + 1, N - 2, TwoTo256 - 1, TwoTo256 - 2,
        TwoTo256 - P, TwoTo256 - N, BigInteger.One << 255, (BigInteger.One << 255) - 1, BigInteger.One << 224,
        BigInteger.One << 64, (BigInteger.One << 64) - 1, BigInteger.One << 128,
    ];

    public static Arbitrary<Value256> Value256() =>
        Gen.Frequency(
            (3, Gen.Choose(int.MinValue, int.MaxValue).Select(Uniform)),
            (1, Gen.Elements(Edges).Select(v => new Value256(v))))
        .ToArbitrary();

    private static Value256 Uniform(int seed)
    {
        var bytes = new byte[32];
        new Random(seed).NextBytes(bytes);
        return new Value256(new BigInteger(bytes, isUnsigned: true, isBigEndian: true));
    }

    internal static byte[] ToBytes32(BigInteger value)
    {
        var result = new byte[32];
        value.TryWriteBytes(result.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return result;
    }

    internal static BigInteger FromBytes(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);
}
