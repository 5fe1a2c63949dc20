using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

namespace Trust.Core.Tests.Crypto;

public sealed class SignatureRoundTripTests
{
    private static readonly Sm2SigningKey Sm2 = Sm2SigningKey.Generate();
    private static readonly RsaSigningKey Rsa = RsaSigningKey.Generate(2048);
    private static readonly EcdsaSigningKey Ec = EcdsaSigningKey.Generate();

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

    [Property(MaxTest = 30)]
    public bool Sign_then_verify_holds_and_a_flipped_message_bit_fails(byte[] message, PositiveInt bit)
    {
        foreach (var alg in new[] { SignatureAlgorithm.Sm2Sm3, SignatureAlgorithm.RsaPkcs1Sha256, SignatureAlgorithm.RsaPssSha256, SignatureAlgorithm.EcdsaP256Sha256 })
        {
            var key = KeyFor(alg);
            var sig = key.Sign(alg, message);
            if (!key.PublicKey.Verify(alg, message, sig))
            {
                return false;
            }

            if (message.Length > 0)
            {
                var tampered = (byte[])message.Clone();
                tampered[bit.Get % tampered.Length] ^= (byte)(1 << (bit.Get % 8));
                if (key.PublicKey.Verify(alg, tampered, sig))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Verifier_never_throws_on_arbitrary_signature_bytes(byte[] signature)
    {
        var message = "hello"u8.ToArray();
        return !Sm2.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, message, signature)
            && !Rsa.PublicKey.Verify(SignatureAlgorithm.RsaPkcs1Sha256, message, signature)
            && !Ec.PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, message, signature);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Encrypted_pkcs8_round_trip_keeps_the_key(SignatureAlgorithm alg)
    {
        var key = KeyFor(alg);
        var pem = PrivateKeyPem.ExportEncrypted(key, "correct horse", iterations: 1000);
        Assert.Contains("ENCRYPTED PRIVATE KEY", pem);
        using var loaded = PrivateKeyPem.Load(pem, "correct horse", out var encrypted);
        Assert.True(encrypted);
        var sig = loaded.Sign(alg, "m"u8);
        Assert.True(key.PublicKey.Verify(alg, "m"u8, sig));
    }

    [Fact]
    public void Wrong_passphrase_is_a_clear_key_error()
    {
        var pem = PrivateKeyPem.ExportEncrypted(Sm2, "right", iterations: 1000);
        var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, "wrong", out _));
        Assert.Contains("passphrase", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Sm2_raw_and_der_signatures_both_verify()
    {
        var sig = Sm2.Sign("abc"u8);
        var raw = EcSignatureEncoding.DerToRaw(sig)!;
        Assert.True(Sm2.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, "abc"u8, raw));
        Assert.Equal(sig, EcSignatureEncoding.RawToDer(raw));
    }
}
