using System.Formats.Asn1;
using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;

namespace Trust.Core.Tests.Crypto;

/// <summary>Properties every signature algorithm must have, checked with FsCheck.</summary>
public sealed class SignaturePropertyTests
{
    private static readonly Dictionary<KeyAlgorithm, SigningKey> Keys =
        SigningKeys.Supported.ToDictionary(a => a, SigningKeys.Generate);

    private static SigningKey KeyFor(SignatureAlgorithm algorithm) => Keys[SignatureAlgorithms.KeyAlgorithmOf(algorithm)];

    [Property(MaxTest = 25)]
    public bool Every_algorithm_verifies_its_own_signature_and_rejects_a_flipped_message_bit(byte[] message, PositiveInt bit)
    {
        foreach (var algorithm in SignatureAlgorithms.All)
        {
            var key = KeyFor(algorithm);
            var signature = key.Sign(algorithm, message);
            if (!key.PublicKey.Verify(algorithm, message, signature))
            {
                return false;
            }

            if (message.Length > 0)
            {
                var tampered = (byte[])message.Clone();
                tampered[bit.Get % tampered.Length] ^= (byte)(1 << (bit.Get % 8));
                if (key.PublicKey.Verify(algorithm, tampered, signature))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 25)]
    public bool Ec_signatures_verify_as_der_and_as_raw_and_flipped_signature_bits_fail(byte[] message, PositiveInt bit)
    {
        foreach (var algorithm in new[] { SignatureAlgorithm.Sm2Sm3, SignatureAlgorithm.EcdsaP256Sha256 })
        {
            var key = KeyFor(algorithm);
            var der = key.Sign(algorithm, message);
            var raw = EcSignatureEncoding.DerToRaw(der)!;
            var flipped = (byte[])raw.Clone();
            flipped[bit.Get % 64] ^= (byte)(1 << (bit.Get % 8));
            if (!key.PublicKey.Verify(algorithm, message, der) || !key.PublicKey.Verify(algorithm, message, raw)
                || key.PublicKey.Verify(algorithm, message, flipped) || key.PublicKey.Verify(algorithm, message, EcSignatureEncoding.RawToDer(flipped)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 10)]
    public bool Sm2_signature_binds_the_signer_id(NonEmptyArray<byte> id, byte[] message)
    {
        var sm2 = (Sm2SigningKey)Keys[KeyAlgorithm.Sm2];
        using var withId = sm2.WithUserId(id.Get);
        var signature = withId.Sign(message);
        var defaultId = id.Get.AsSpan().SequenceEqual("1234567812345678"u8);
        return withId.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, message, signature)
            && sm2.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, message, signature) == defaultId;
    }

    [Property(MaxTest = 300)]
    public bool Raw_to_der_to_raw_is_the_identity(byte[] seed)
    {
        var raw = new byte[64];
        for (var i = 0; i < seed.Length; i++)
        {
            raw[i % 64] ^= seed[i];
        }

        // Leading zero bytes exercise DER's minimal INTEGER encoding.
        if (seed.Length > 0)
        {
            raw.AsSpan(0, seed[0] % 33).Clear();
        }

        var der = EcSignatureEncoding.RawToDer(raw);
        return EcSignatureEncoding.DerToRaw(der) is { } back && back.AsSpan().SequenceEqual(raw) && der.Length <= 72;
    }

    [Property(MaxTest = 50)]
    public bool Der_from_signers_survives_der_to_raw_to_der(byte[] message)
    {
        foreach (var algorithm in new[] { SignatureAlgorithm.Sm2Sm3, SignatureAlgorithm.EcdsaP256Sha256 })
        {
            var der = KeyFor(algorithm).Sign(algorithm, message);
            if (!EcSignatureEncoding.RawToDer(EcSignatureEncoding.DerToRaw(der)!).AsSpan().SequenceEqual(der))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 300)]
    public bool Der_to_raw_never_throws_on_arbitrary_bytes(byte[] bytes) =>
        EcSignatureEncoding.DerToRaw(bytes) is null or { Length: 64 };

    [Property(MaxTest = 200)]
    public bool Verifiers_never_throw_and_reject_arbitrary_signature_bytes(byte[] signature, int algorithmNumber)
    {
        var message = "hello"u8.ToArray();
        var undefined = (SignatureAlgorithm)algorithmNumber;
        foreach (var key in Keys.Values)
        {
            foreach (var algorithm in SignatureAlgorithms.All.Append(undefined))
            {
                if (key.PublicKey.Verify(algorithm, message, signature))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Verifiers_reject_well_formed_der_with_random_integers(byte[] r, byte[] s, bool negative)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new System.Numerics.BigInteger(r.Take(40).ToArray(), isUnsigned: !negative, isBigEndian: true));
            writer.WriteInteger(new System.Numerics.BigInteger(s.Take(40).ToArray(), isUnsigned: true, isBigEndian: true));
        }

        var signature = writer.Encode();
        return !KeyFor(SignatureAlgorithm.Sm2Sm3).PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, "m"u8, signature)
            && !KeyFor(SignatureAlgorithm.EcdsaP256Sha256).PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, "m"u8, signature);
    }

    [Fact]
    public void Signature_of_zero_r_and_s_is_rejected()
    {
        var zero = new byte[64];
        Assert.False(Keys[KeyAlgorithm.Sm2].PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, "m"u8, zero));
        Assert.False(Keys[KeyAlgorithm.EcP256].PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, "m"u8, zero));
        Assert.False(Keys[KeyAlgorithm.Sm2].PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, "m"u8, EcSignatureEncoding.RawToDer(zero)));
    }

    [Fact]
    public void Signing_with_an_algorithm_of_another_key_kind_is_a_key_error()
    {
        Assert.Throws<TrustKeyException>(() => Keys[KeyAlgorithm.Sm2].Sign(SignatureAlgorithm.RsaPssSha256, "m"u8));
        Assert.Throws<TrustKeyException>(() => Keys[KeyAlgorithm.Rsa].Sign(SignatureAlgorithm.EcdsaP256Sha256, "m"u8));
        Assert.Throws<TrustKeyException>(() => Keys[KeyAlgorithm.EcP256].Sign((SignatureAlgorithm)42, "m"u8));
    }
}
