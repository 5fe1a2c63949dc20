using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using FsCheck.Xunit;
using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

namespace Trust.Core.Tests.Cose;

public sealed class CoseSign1Tests
{
    private static readonly ECDsa PlatformEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly RSA PlatformRsa = RSA.Create(2048);
    private static readonly EcdsaSigningKey Ec = new(ECDsa.Create(PlatformEc.ExportParameters(true)));
    private static readonly RsaSigningKey Rsa = new(RSA.Create(PlatformRsa.ExportParameters(true)));
    private static readonly Sm2SigningKey Sm2 = Sm2SigningKey.Generate();
    private static readonly byte[] Payload = "{\"licence\":1}"u8.ToArray();

    public static TheoryData<SignatureAlgorithm> Algorithms => new()
    {
        SignatureAlgorithm.Sm2Sm3, SignatureAlgorithm.RsaPkcs1Sha256, SignatureAlgorithm.RsaPssSha256, SignatureAlgorithm.EcdsaP256Sha256,
    };

    private static SigningKey KeyFor(SignatureAlgorithm alg) => SignatureAlgorithms.KeyAlgorithmOf(alg) switch
    {
        KeyAlgorithm.Sm2 => Sm2,
        KeyAlgorithm.Rsa => Rsa,
        _ => Ec,
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Sign_then_decode_and_verify_round_trips_for_every_algorithm(SignatureAlgorithm alg)
    {
        var key = KeyFor(alg);
        var bytes = CoseSign1.Sign(key, alg, Payload, "application/test", key.PublicKey.Thumbprint(), [new byte[] { 1, 2, 3 }, new byte[] { 4 }]);
        Assert.Equal(0xD2, bytes[0]); // tag 18
        var message = CoseSign1.Decode(bytes);
        Assert.Equal(alg, message.Algorithm);
        Assert.Equal("application/test", message.ContentType);
        Assert.Equal(2, message.CertificateChain.Count);
        Assert.Equal(Payload, message.Payload);
        Assert.True(message.VerifySignature(key.PublicKey));
        Assert.False(message.VerifySignature(TestKeys.Other(alg).PublicKey));
        if (CoseAlgorithms.IsRawEc(alg))
        {
            Assert.Equal(64, message.Signature.Length);
        }
    }

    [Fact]
    public void Sm2_uses_the_documented_private_use_label()
    {
        var bytes = CoseSign1.Sign(Sm2, SignatureAlgorithm.Sm2Sm3, Payload);
        var header = new CborReader(CoseSign1.Decode(bytes).ProtectedHeader);
        header.ReadStartMap();
        Assert.Equal(1, header.ReadInt32());
        Assert.Equal(-65540, header.ReadInt64());
        Assert.True(CoseAlgorithms.Sm2Sm3 < -65536);
    }

    [Fact]
    public void Our_es256_message_verifies_with_System_Security_Cryptography_Cose()
    {
        var bytes = CoseSign1.Sign(Ec, SignatureAlgorithm.EcdsaP256Sha256, Payload, "application/test", Ec.PublicKey.Thumbprint(), [new byte[] { 0x30, 0x00 }]);
        var message = CoseMessage.DecodeSign1(bytes);
        Assert.True(message.VerifyEmbedded(PlatformEc));
        Assert.Equal(Payload, message.Content!.Value.ToArray());
    }

    [Fact]
    public void Our_ps256_message_verifies_with_System_Security_Cryptography_Cose()
    {
        var bytes = CoseSign1.Sign(Rsa, SignatureAlgorithm.RsaPssSha256, Payload);
        Assert.True(CoseMessage.DecodeSign1(bytes).VerifyEmbedded(PlatformRsa));
    }

    [Fact]
    public void A_tampered_message_fails_System_Security_Cryptography_Cose_too()
    {
        var bytes = CoseSign1.Sign(Ec, SignatureAlgorithm.EcdsaP256Sha256, Payload);
        bytes[^70] ^= 1; // inside the payload bytes
        Assert.False(CoseMessage.DecodeSign1(bytes).VerifyEmbedded(PlatformEc));
    }

    [Fact]
    public void System_Security_Cryptography_Cose_es256_and_ps256_messages_verify_with_ours()
    {
        var es = CoseSign1Message.SignEmbedded(Payload, new CoseSigner(PlatformEc, HashAlgorithmName.SHA256));
        var ps = CoseSign1Message.SignEmbedded(Payload, new CoseSigner(PlatformRsa, RSASignaturePadding.Pss, HashAlgorithmName.SHA256));
        var esMessage = CoseSign1.Decode(es);
        var psMessage = CoseSign1.Decode(ps);
        Assert.Equal(SignatureAlgorithm.EcdsaP256Sha256, esMessage.Algorithm);
        Assert.Equal(SignatureAlgorithm.RsaPssSha256, psMessage.Algorithm);
        // .NET's ECDsa does not normalise s: its ES256 messages verify through the explicitly flagged interop path,
        // and through the default (strict) path exactly when their s is low.
        Assert.True(esMessage.VerifySignature(Ec.PublicKey, allowHighS: true));
        Assert.Equal(!EcdsaVerificationKey.IsHighS(esMessage.Signature), esMessage.VerifySignature(Ec.PublicKey));
        Assert.True(psMessage.VerifySignature(Rsa.PublicKey));
        Assert.False(esMessage.VerifySignature(EcdsaSigningKey.Generate().PublicKey, allowHighS: true));
    }

    [Fact]
    public void Es256_high_s_is_refused_by_default_and_our_signer_never_makes_one()
    {
        var payloads = Enumerable.Range(0, 64).Select(i => new byte[] { (byte)i, 1, 2, 3 }).ToList();
        var highSeen = 0;
        foreach (var payload in payloads)
        {
            var bytes = CoseSign1.Sign(Ec, SignatureAlgorithm.EcdsaP256Sha256, payload);
            var message = CoseSign1.Decode(bytes);
            Assert.False(EcdsaVerificationKey.IsHighS(message.Signature));
            Assert.True(message.VerifySignature(Ec.PublicKey));

            // Its high-s twin (r, n - s): mathematically valid, refused by default, accepted only when flagged.
            var twin = HighSTwin(message.Signature);
            Assert.True(EcdsaVerificationKey.IsHighS(twin));
            var twinBytes = (byte[])bytes.Clone();
            twin.CopyTo(twinBytes.AsSpan(bytes.Length - 64));
            var twinMessage = CoseSign1.Decode(twinBytes);
            Assert.False(twinMessage.VerifySignature(Ec.PublicKey));
            Assert.True(twinMessage.VerifySignature(Ec.PublicKey, allowHighS: true));
            Assert.False(((EcdsaVerificationKey)Ec.PublicKey).Verify(SignatureAlgorithm.EcdsaP256Sha256, CoseSign1.SigStructure(message.ProtectedHeader, payload), EcSignatureEncoding.RawToDer(twin)));
            highSeen++;
        }

        Assert.Equal(payloads.Count, highSeen);
    }

    /// <summary>(r, s) to (r, n - s) for P-256.</summary>
    internal static byte[] HighSTwin(ReadOnlySpan<byte> raw)
    {
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var s = n - new System.Numerics.BigInteger(raw[32..], isUnsigned: true, isBigEndian: true);
        var twin = raw.ToArray();
        twin.AsSpan(32).Clear();
        var bytes = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(twin, 64 - bytes.Length);
        return twin;
    }

    [Fact]
    public void Unsupported_algorithm_label_is_rejected_with_the_alg_field()
    {
        var es384 = CoseSign1Message.SignEmbedded(Payload, new CoseSigner(ECDsa.Create(ECCurve.NamedCurves.nistP384), HashAlgorithmName.SHA384));
        Assert.Equal("cose.alg", Assert.Throws<TrustFormatException>(() => CoseSign1.Decode(es384)).Field);
    }

    [Fact]
    public void Non_empty_unprotected_header_other_tags_and_oversized_input_are_rejected()
    {
        var headers = new CoseHeaderMap { { CoseHeaderLabel.KeyIdentifier, new byte[] { 1 } } };
        var withUnprotected = CoseSign1Message.SignEmbedded(Payload, new CoseSigner(PlatformEc, HashAlgorithmName.SHA256, unprotectedHeaders: headers));
        Assert.Equal("cose.unprotected", Assert.Throws<TrustFormatException>(() => CoseSign1.Decode(withUnprotected)).Field);

        var bytes = CoseSign1.Sign(Ec, SignatureAlgorithm.EcdsaP256Sha256, Payload);
        bytes[0] = 0xD3; // tag 19
        Assert.Throws<TrustFormatException>(() => CoseSign1.Decode(bytes));
        Assert.Throws<TrustFormatException>(() => CoseSign1.Decode(new byte[CoseLimits.MaxMessageBytes + 1]));
    }

    [Fact]
    public void Detached_payload_and_der_ec_signature_are_rejected()
    {
        var detached = CoseSign1Message.SignDetached(Payload, new CoseSigner(PlatformEc, HashAlgorithmName.SHA256));
        Assert.Equal("cose.payload", Assert.Throws<TrustFormatException>(() => CoseSign1.Decode(detached)).Field);
    }

    [Property(MaxTest = 100)]
    public bool Any_single_bit_flip_is_rejected_or_fails_verification(FsCheck.PositiveInt position)
    {
        var bytes = CoseSign1.Sign(Sm2, SignatureAlgorithm.Sm2Sm3, Payload, "application/test", Sm2.PublicKey.Thumbprint());
        var bit = position.Get % (bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        try
        {
            return !CoseSign1.Decode(bytes).VerifySignature(Sm2.PublicKey);
        }
        catch (TrustFormatException)
        {
            return true;
        }
    }

    [Property(MaxTest = 300)]
    public bool Random_bytes_only_ever_give_TrustFormatException(byte[] bytes)
    {
        try
        {
            CoseSign1.Decode(bytes);
            return true;
        }
        catch (TrustFormatException)
        {
            return true;
        }
    }
}

internal static class TestKeys
{
    private static readonly Sm2SigningKey Sm2 = Sm2SigningKey.Generate();
    private static readonly RsaSigningKey Rsa = RsaSigningKey.Generate();
    private static readonly EcdsaSigningKey Ec = EcdsaSigningKey.Generate();

    public static SigningKey Other(SignatureAlgorithm alg) => SignatureAlgorithms.KeyAlgorithmOf(alg) switch
    {
        KeyAlgorithm.Sm2 => Sm2,
        KeyAlgorithm.Rsa => Rsa,
        _ => Ec,
    };
}
