using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Trust.Core.Crypto.Sm2;

/// <summary>The reference SM2 engine: BouncyCastle's <see cref="SM2Signer"/>.</summary>
internal sealed class BouncyCastleSm2Engine : ISm2Engine
{
    internal static readonly BouncyCastleSm2Engine Instance = new();

    private static readonly SecureRandom Random = new();

    public string Name => "BouncyCastle";

    public ISm2PrivateKeyHandle ImportPrivate(ReadOnlySpan<byte> scalar)
    {
        var d = new BigInteger(1, scalar.ToArray());
        if (d.SignValue <= 0 || d.CompareTo(Sm2Curve.Domain.N.Subtract(BigInteger.One)) >= 0)
        {
            throw new TrustKeyException("SM2 private key is out of range (must be 1 <= d <= n-2).");
        }

        return new PrivateHandle(new ECPrivateKeyParameters(d, Sm2Curve.Domain));
    }

    public ISm2PublicKeyHandle? ImportPublic(ReadOnlySpan<byte> uncompressedPoint)
    {
        if (uncompressedPoint.Length != 65 || uncompressedPoint[0] != 0x04)
        {
            return null;
        }

        try
        {
            var q = Sm2Curve.Domain.Curve.DecodePoint(uncompressedPoint.ToArray());
            if (q.IsInfinity || !q.IsValid())
            {
                return null;
            }

            return new PublicHandle(new ECPublicKeyParameters(q, Sm2Curve.Domain));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private sealed class PrivateHandle(ECPrivateKeyParameters key) : ISm2PrivateKeyHandle
    {
        public byte[] PublicPoint { get; } = Sm2Curve.Domain.G.Multiply(key.D).Normalize().GetEncoded(false);

        public byte[] Sign(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> message)
        {
            var signer = new SM2Signer(StandardDsaEncoding.Instance, new SM3Digest());
            signer.Init(true, new ParametersWithID(new ParametersWithRandom(key, Random), userId.ToArray()));
            signer.BlockUpdate(message);
            return signer.GenerateSignature();
        }

        public byte[] ExportScalar() => key.D.ToByteArrayUnsigned().AsSpan().PadLeft(32);

        public void Dispose()
        {
        }
    }

    private sealed class PublicHandle(ECPublicKeyParameters key) : ISm2PublicKeyHandle
    {
        public bool Verify(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> message, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
        {
            var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
            signer.Init(false, new ParametersWithID(key, userId.ToArray()));
            signer.BlockUpdate(message);
            Span<byte> raw = stackalloc byte[64];
            r.CopyTo(raw);
            s.CopyTo(raw[32..]);
            try
            {
                return signer.VerifySignature(raw.ToArray());
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}

internal static class ByteSpanExtensions
{
    /// <summary>Left-pads a big-endian unsigned value with zeros to <paramref name="length"/> bytes.</summary>
    internal static byte[] PadLeft(this ReadOnlySpan<byte> value, int length)
    {
        if (value.Length > length)
        {
            throw new ArgumentException("Value is longer than the requested length.", nameof(value));
        }

        var result = new byte[length];
        value.CopyTo(result.AsSpan(length - value.Length));
        return result;
    }

    internal static byte[] PadLeft(this Span<byte> value, int length) => ((ReadOnlySpan<byte>)value).PadLeft(length);
}
