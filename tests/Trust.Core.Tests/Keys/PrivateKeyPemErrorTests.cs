using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

namespace Trust.Core.Tests.Keys;

/// <summary>Every way a key file can be wrong gives a clear <see cref="TrustKeyException"/>.</summary>
public sealed class PrivateKeyPemErrorTests
{
    private static readonly Dictionary<KeyAlgorithm, SigningKey> Keys =
        SigningKeys.Supported.ToDictionary(a => a, SigningKeys.Generate);

    public static TheoryData<KeyAlgorithm> Kinds => new() { KeyAlgorithm.Sm2, KeyAlgorithm.Rsa, KeyAlgorithm.EcP256 };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Encrypted_key_round_trips_with_the_right_passphrase(KeyAlgorithm kind)
    {
        var key = Keys[kind];
        var pem = PrivateKeyPem.ExportEncrypted(key, "correct horse", iterations: 1000);

        using var loaded = PrivateKeyPem.Load(pem, "correct horse", out var encrypted);

        Assert.True(encrypted);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey.Thumbprint(), loaded.PublicKey.Thumbprint());
        Assert.True(key.PublicKey.Verify(loaded.DefaultAlgorithm, "m"u8, loaded.Sign("m"u8)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Wrong_passphrase_is_a_clear_key_error(KeyAlgorithm kind)
    {
        var pem = PrivateKeyPem.ExportEncrypted(Keys[kind], "right", iterations: 1000);

        // Many tries: about one wrong passphrase in 256 passes the CBC padding check and must still be caught.
        for (var i = 0; i < 40; i++)
        {
            var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, "wrong" + i, out _));
            Assert.Contains("Wrong passphrase", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Encrypted_key_without_a_passphrase_asks_for_one()
    {
        var pem = PrivateKeyPem.ExportEncrypted(Keys[KeyAlgorithm.Sm2], "right", iterations: 1000);
        var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, default, out _));
        Assert.Contains("passphrase is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_passphrase_cannot_protect_a_key()
    {
        Assert.Throws<TrustKeyException>(() => PrivateKeyPem.ExportEncrypted(Keys[KeyAlgorithm.Sm2], "", iterations: 1000));
    }

    [Fact]
    public void Corrupt_base64_is_a_clear_key_error()
    {
        var pem = PrivateKeyPem.ExportUnencrypted(Keys[KeyAlgorithm.EcP256]).Replace("M", "*", StringComparison.Ordinal);
        Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, default, out _));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Truncated_der_is_a_clear_key_error(KeyAlgorithm kind)
    {
        var der = Keys[kind].ExportPkcs8Der();
        foreach (var length in new[] { 0, 1, 2, 10, der.Length / 2, der.Length - 1 })
        {
            var pem = new string(PemEncoding.Write("PRIVATE KEY", der.AsSpan(0, length)));
            var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, default, out _));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Theory]
    [InlineData("PUBLIC KEY", "public key")]
    [InlineData("CERTIFICATE", "certificate")]
    public void Public_key_or_certificate_where_a_private_key_is_expected_is_a_clear_key_error(string label, string named)
    {
        var pem = new string(PemEncoding.Write(label, Keys[KeyAlgorithm.Sm2].PublicKey.ExportSubjectPublicKeyInfo()));
        var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, default, out _));
        Assert.Contains($"Expected a private key but found a {named}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_handed_to_the_public_key_loader_is_refused()
    {
        var ex = Assert.Throws<TrustKeyException>(() => PublicKeyPem.Load(PrivateKeyPem.ExportUnencrypted(Keys[KeyAlgorithm.Rsa])));
        Assert.Contains("do not hand private keys to verifiers", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key at all")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")]
    public void Text_without_a_usable_private_key_is_a_clear_key_error(string pem)
    {
        Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, default, out _));
    }

    [Fact]
    public void Legacy_openssl_encryption_is_refused_with_a_conversion_hint()
    {
        const string pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, "x", out _));
        Assert.Contains("openssl pkcs8 -topk8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_pem_is_refused()
    {
        var pem = new string('A', PrivateKeyPem.MaxPemLength + 1);
        Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, default, out _));
    }

    [Theory]
    [InlineData("1.3.132.0.34", "P-384")]
    [InlineData("1.3.132.0.10", "secp256k1")]
    public void Unsupported_curve_is_a_clear_key_error(string curveOid, string name)
    {
        using var ec = ECDsa.Create(ECCurve.CreateFromValue(curveOid));
        var pkcs8 = new string(PemEncoding.Write("PRIVATE KEY", ec.ExportPkcs8PrivateKey()));
        var sec1 = new string(PemEncoding.Write("EC PRIVATE KEY", ec.ExportECPrivateKey()));
        var spki = new string(PemEncoding.Write("PUBLIC KEY", ec.ExportSubjectPublicKeyInfo()));

        foreach (var ex in new[]
        {
            Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pkcs8, default, out _)),
            Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(sec1, default, out _)),
            Assert.Throws<TrustKeyException>(() => PublicKeyPem.Load(spki)),
        })
        {
            Assert.Contains($"Unsupported EC curve {name}", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sm2_key_whose_embedded_public_key_does_not_match_is_refused()
    {
        var a = (Sm2SigningKey)Keys[KeyAlgorithm.Sm2];
        using var b = Sm2SigningKey.Generate();
        var scalar = a.ExportScalar();
        var mismatched = Trust.Core.Keys.KeyEncoding.EncodeEcPkcs8(SignatureAlgorithms.Sm2CurveOid, scalar, ((Sm2VerificationKey)b.PublicKey).Point);
        var pem = new string(PemEncoding.Write("PRIVATE KEY", mismatched));

        var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, default, out _));
        Assert.Contains("does not match", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123")] // n
    [InlineData("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122")] // n-1: d+1 must be invertible
    public void Sm2_scalar_out_of_range_is_refused(string hex)
    {
        Assert.Throws<TrustKeyException>(() => Sm2SigningKey.FromPrivateScalar(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Passphrase_sources_fail_clearly()
    {
        var missingVariable = "TRUST_TEST_NO_SUCH_" + Guid.NewGuid().ToString("N");
        Assert.Contains("not set", Assert.Throws<TrustKeyException>(() => KeyPassphrase.FromEnvironment(missingVariable)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<TrustKeyException>(() => KeyPassphrase.FromFile("/nonexistent/pass")).Message, StringComparison.Ordinal);

        var empty = Path.GetTempFileName();
        var big = Path.GetTempFileName();
        var good = Path.GetTempFileName();
        try
        {
            File.WriteAllText(big, new string('x', 5000));
            File.WriteAllText(good, "s3cret\r\nsecond line ignored\n");
            Assert.Contains("empty", Assert.Throws<TrustKeyException>(() => KeyPassphrase.FromFile(empty)).Message, StringComparison.Ordinal);
            Assert.Contains("larger", Assert.Throws<TrustKeyException>(() => KeyPassphrase.FromFile(big)).Message, StringComparison.Ordinal);
            Assert.Equal("s3cret", KeyPassphrase.FromFile(good));
        }
        finally
        {
            File.Delete(empty);
            File.Delete(big);
            File.Delete(good);
        }
    }
}
