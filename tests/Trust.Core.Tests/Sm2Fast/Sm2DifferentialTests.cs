using System.Numerics;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Crypto.Sm2.Fast;
using static Trust.Core.Tests.Sm2Fast.Sm2Arbitraries;

namespace Trust.Core.Tests.Sm2Fast;

/// <summary>The fast engine against BouncyCastle's reference engine, case by case.</summary>
[Properties(Arbitrary = [typeof(Sm2Arbitraries)], MaxTest = 300)]
public sealed class Sm2DifferentialTests
{
    private static readonly ISm2Engine Fast = Sm2FastEngine.Instance;
    private static readonly ISm2Engine Reference = BouncyCastleSm2Engine.Instance;
    private static readonly byte[] DefaultId = "1234567812345678"u8.ToArray();

    private static readonly Lazy<(ISm2PrivateKeyHandle Fast, ISm2PrivateKeyHandle Reference, ISm2PublicKeyHandle FastPublic, ISm2PublicKeyHandle ReferencePublic)> Keys = new(() =>
    {
        var d = ScalarInRange(new BigInteger(Convert.FromHexString("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8"), isUnsigned: true, isBigEndian: true));
        var fast = Fast.ImportPrivate(d);
        var reference = Reference.ImportPrivate(d);
        return (fast, reference, Fast.ImportPublic(fast.PublicPoint)!, Reference.ImportPublic(reference.PublicPoint)!);
    });

    private static byte[] ScalarInRange(BigInteger v) => ToBytes32(1 + (v % (N - 2)));

    private static byte[] Raw(byte[] der) => EcSignatureEncoding.DerToRaw(der) ?? throw new InvalidOperationException("bad DER");

    [Property]
    public bool Public_key_derivation_matches_reference(Value256 scalar)
    {
        var d = ScalarInRange(scalar.Value);
        using var fast = Fast.ImportPrivate(d);
        using var reference = Reference.ImportPrivate(d);
        return fast.PublicPoint.AsSpan().SequenceEqual(reference.PublicPoint) && fast.ExportScalar().AsSpan().SequenceEqual(d);
    }

    [Fact]
    public void Extreme_private_scalars_give_the_reference_public_point()
    {
        var candidates = new List<BigInteger> { 1, 2, 3, N - 2, N - 3, (N - 1) / 2, (N + 1) / 2, BigInteger.One << 255, (BigInteger.One << 252) * 15, (BigInteger.One << 252) * 16 - 1 };
        for (int i = 0; i < 37; i++)
        {
            candidates.Add(BigInteger.One << (7 * i) % 256);
            candidates.Add(N - (BigInteger.One << (7 * i) % 256) - 1);
            candidates.Add((BigInteger.One << (7 * i)) - 1 is var v && v < N - 1 && v > 0 ? v : 5);
            candidates.Add(((BigInteger.One << (7 * i + 6)) % (N - 2)) + 1);
        }

        foreach (var d in candidates.Where(c => c >= 1 && c <= N - 2))
        {
            var bytes = ToBytes32(d);
            using var fast = Fast.ImportPrivate(bytes);
            using var reference = Reference.ImportPrivate(bytes);
            Assert.Equal(Convert.ToHexString(reference.PublicPoint), Convert.ToHexString(fast.PublicPoint));
        }
    }

    [Property]
    public bool Private_scalar_range_is_enforced_like_reference(Value256 scalar)
    {
        var bytes = ToBytes32(scalar.Value);
        return Accepts(Fast, bytes) == Accepts(Reference, bytes) && Accepts(Fast, bytes) == (scalar.Value >= 1 && scalar.Value <= N - 2);

        static bool Accepts(ISm2Engine engine, byte[] bytes)
        {
            try
            {
                engine.ImportPrivate(bytes).Dispose();
                return true;
            }
            catch (TrustKeyException)
            {
                return false;
            }
        }
    }

    [Property(MaxTest = 400)]
    public bool Fast_signatures_verify_with_reference_and_fast(byte[] message, bool customId)
    {
        var id = customId ? "ALICE123@YAHOO.COM"u8.ToArray() : DefaultId;
        var der = Keys.Value.Fast.Sign(id, message);
        var raw = Raw(der);
        return Keys.Value.ReferencePublic.Verify(id, message, raw[..32], raw[32..])
            && Keys.Value.FastPublic.Verify(id, message, raw[..32], raw[32..])
            && !Keys.Value.FastPublic.Verify(id, [.. message, 0], raw[..32], raw[32..]);
    }

    [Property(MaxTest = 100)]
    public bool Reference_signatures_verify_with_fast(byte[] message)
    {
        var raw = Raw(Keys.Value.Reference.Sign(DefaultId, message));
        return Keys.Value.FastPublic.Verify(DefaultId, message, raw[..32], raw[32..]);
    }

    [Property(MaxTest = 60)]
    public bool Fresh_keys_sign_and_verify_across_engines(Value256 scalar, byte[] message)
    {
        var d = ScalarInRange(scalar.Value);
        using var fast = Fast.ImportPrivate(d);
        using var reference = Reference.ImportPrivate(d);
        var fromFast = Raw(fast.Sign(DefaultId, message));
        var fromReference = Raw(reference.Sign(DefaultId, message));
        return Reference.ImportPublic(fast.PublicPoint)!.Verify(DefaultId, message, fromFast[..32], fromFast[32..])
            && Fast.ImportPublic(reference.PublicPoint)!.Verify(DefaultId, message, fromReference[..32], fromReference[32..]);
    }

    [Property(MaxTest = 400)]
    public bool Arbitrary_r_and_s_get_the_reference_verdict(Value256 r, Value256 s)
    {
        var message = "seal"u8.ToArray();
        var rb = ToBytes32(r.Value % TwoTo256);
        var sb = ToBytes32(s.Value % TwoTo256);
        return Keys.Value.FastPublic.Verify(DefaultId, message, rb, sb) == Keys.Value.ReferencePublic.Verify(DefaultId, message, rb, sb);
    }

    [Property(MaxTest = 100)]
    public bool Mangled_valid_signatures_get_the_reference_verdict(byte[] message, int variant)
    {
        var raw = Raw(Keys.Value.Fast.Sign(DefaultId, message));
        var r = FromBytes(raw.AsSpan(0, 32));
        var s = FromBytes(raw.AsSpan(32, 32));
        (BigInteger R, BigInteger S) mangled = Math.Abs(variant % 10) switch
        {
            0 => (r, N - r),          // t = r + s = n
            1 => (r + N, s),          // r ≥ n with r ≡ r (mod n), when it fits
            2 => (r, s + N),
            3 => (N - r, s),
            4 => (r, N - s),
            5 => (0, s),
            6 => (r, 0),
            7 => (N, s),
            8 => (r, N + 1),
            _ => (TwoTo256 - 1, s),
        };
        if (mangled.R >= TwoTo256 || mangled.S >= TwoTo256)
        {
            return true;
        }

        var rb = ToBytes32(mangled.R);
        var sb = ToBytes32(mangled.S);
        bool fast = Keys.Value.FastPublic.Verify(DefaultId, message, rb, sb);
        return fast == Keys.Value.ReferencePublic.Verify(DefaultId, message, rb, sb) && !fast;
    }

    [Property(MaxTest = 300)]
    public bool Public_point_validation_matches_reference(Value256 x, Value256 y, byte prefix)
    {
        var encoded = new byte[65];
        encoded[0] = (prefix & 1) == 0 ? (byte)0x04 : prefix;
        ToBytes32(x.Value).CopyTo(encoded, 1);
        ToBytes32(y.Value).CopyTo(encoded, 33);
        return (Fast.ImportPublic(encoded) is null) == (Reference.ImportPublic(encoded) is null);
    }

    [Fact]
    public void Invalid_and_edge_points_are_rejected_like_reference()
    {
        var valid = Keys.Value.Fast.PublicPoint;
        byte[][] initial =
        [
            [],
            [0x00],                                   // SEC1 encoding of the point at infinity
            new byte[65],                             // 04 ‖ 0 ‖ 0 with a zero prefix
            [0x04, .. new byte[64]],                  // (0, 0): not on the curve
            valid[..64],                              // truncated
            [.. valid, 0x00],                         // trailing byte
            [0x02, .. valid[1..33]],                  // compressed form is not accepted here
            [0x06, .. valid[1..]],                    // hybrid prefix
        ];
        var cases = new List<byte[]>(initial);
        var flippedY = (byte[])valid.Clone();
        flippedY[64] ^= 1;
        cases.Add(flippedY);
        var xIsP = (byte[])valid.Clone();
        ToBytes32(P).CopyTo(xIsP, 1);
        cases.Add(xIsP);
        var yPlusP = (byte[])valid.Clone();
        var y = FromBytes(valid.AsSpan(33, 32));
        if (y + P < TwoTo256)
        {
            ToBytes32(y + P).CopyTo(yPlusP, 33);
            cases.Add(yPlusP);
        }

        foreach (var encoded in cases)
        {
            Assert.Null(Fast.ImportPublic(encoded));
            Assert.Equal(Reference.ImportPublic(encoded) is null, Fast.ImportPublic(encoded) is null);
        }

        // The negated point is a valid key.
        var negated = (byte[])valid.Clone();
        ToBytes32(P - y).CopyTo(negated, 33);
        Assert.NotNull(Fast.ImportPublic(negated));
        Assert.NotNull(Reference.ImportPublic(negated));
    }

    [Fact]
    public void Encodings_wider_than_256_bits_are_rejected_like_reference()
    {
        foreach (var engine in new[] { Fast, Reference })
        {
            Assert.Throws<TrustKeyException>(() => Sm2SigningKey.FromPrivateScalar(new byte[33], engine: engine == Fast ? Sm2EngineKind.Fast : Sm2EngineKind.BouncyCastle));
            Assert.Throws<TrustKeyException>(() => Sm2SigningKey.FromPrivateScalar([1, .. new byte[32]], engine: engine == Fast ? Sm2EngineKind.Fast : Sm2EngineKind.BouncyCastle));
        }

        // r, s ≥ 2^256 in DER, and r, s handed to the engines with 33 bytes.
        var message = "m"u8.ToArray();
        var raw = Raw(Keys.Value.Fast.Sign(DefaultId, message));
        var wideR = TwoTo256 + FromBytes(raw.AsSpan(0, 32));
        var der = EncodeDer(wideR, FromBytes(raw.AsSpan(32, 32)));
        foreach (var kind in new[] { Sm2EngineKind.Fast, Sm2EngineKind.BouncyCastle })
        {
            var key = Sm2VerificationKey.FromPoint(Keys.Value.Fast.PublicPoint, engine: kind);
            Assert.True(key.Verify(SignatureAlgorithm.Sm2Sm3, message, raw));
            Assert.False(key.Verify(SignatureAlgorithm.Sm2Sm3, message, der));
        }

        byte[] r33 = [0, .. raw[..32]];
        Assert.False(Keys.Value.FastPublic.Verify(DefaultId, message, r33, raw[32..]));
    }

    private static byte[] EncodeDer(BigInteger r, BigInteger s)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(r);
            writer.WriteInteger(s);
        }

        return writer.Encode();
    }

    [Fact]
    public void Standard_example_key_and_signature_verify()
    {
        // GB/T 32918.2 style check with the generator as public key (d = 1) signed by the reference.
        using var reference = Reference.ImportPrivate(ToBytes32(1));
        var message = "message digest"u8.ToArray();
        var raw = Raw(reference.Sign(DefaultId, message));
        var fastPublic = Fast.ImportPublic(reference.PublicPoint)!;
        Assert.True(fastPublic.Verify(DefaultId, message, raw[..32], raw[32..]));
        Assert.False(fastPublic.Verify(DefaultId, message, raw[..31], raw[32..]));
    }

    [Fact]
    public void Public_api_keys_use_the_fast_engine_by_default_and_switch_back()
    {
        Assert.Equal(Sm2EngineKind.Fast, Sm2Engines.Current);
        using var key = Sm2SigningKey.Generate();
        var sig = key.Sign(SignatureAlgorithm.Sm2Sm3, "x"u8);
        var referenceKey = Sm2VerificationKey.FromPoint(((Sm2VerificationKey)key.PublicKey).Point, engine: Sm2EngineKind.BouncyCastle);
        Assert.True(referenceKey.Verify(SignatureAlgorithm.Sm2Sm3, "x"u8, sig));
        Assert.True(key.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, "x"u8, sig));
    }

    [Fact]
    public void Signatures_are_randomised_but_always_valid()
    {
        var message = "same message"u8.ToArray();
        var a = Keys.Value.Fast.Sign(DefaultId, message);
        var b = Keys.Value.Fast.Sign(DefaultId, message);
        Assert.NotEqual(a, b);
    }
}
