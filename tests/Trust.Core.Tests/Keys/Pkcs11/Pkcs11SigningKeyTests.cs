using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Keys.Pkcs11;

namespace Trust.Core.Tests.Keys.Pkcs11;

[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11SigningKeyTests(SoftHsmFixture hsm)
{
    private static readonly byte[] Message = "licence 2026-000042"u8.ToArray();

    [Theory]
    [InlineData(SignatureAlgorithm.RsaPkcs1Sha256)]
    [InlineData(SignatureAlgorithm.RsaPssSha256)]
    public void Rsa_key_in_the_token_signs_and_the_signature_verifies(SignatureAlgorithm algorithm)
    {
        using var key = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel), SoftHsmFixture.UserPin);

        var signature = key.Sign(algorithm, Message);

        Assert.Equal(KeyAlgorithm.Rsa, key.KeyAlgorithm);
        Assert.Equal(2048, key.PublicKey.KeySizeInBits);
        Assert.Equal(256, signature.Length);
        Assert.True(key.PublicKey.Verify(algorithm, Message, signature));
        Assert.False(key.PublicKey.Verify(algorithm, "licence 2026-000043"u8, signature));
    }

    [Fact]
    public void Ecdsa_p256_key_in_the_token_returns_der_that_verifies()
    {
        using var key = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.EcLabel), SoftHsmFixture.UserPin);

        var signature = key.Sign(Message);

        Assert.Equal(KeyAlgorithm.EcP256, key.KeyAlgorithm);
        Assert.Equal(0x30, signature[0]);
        Assert.NotNull(EcSignatureEncoding.DerToRaw(signature));
        Assert.True(key.PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, Message, signature));
        var reloaded = PublicKeyPem.Load(PublicKeyPem.Export(key.PublicKey));
        Assert.True(reloaded.Verify(SignatureAlgorithm.EcdsaP256Sha256, Message, signature));
    }

    [Fact]
    public void Key_found_by_id_alone_is_the_same_key()
    {
        using var byLabel = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel), SoftHsmFixture.UserPin);
        using var byId = Pkcs11SigningKey.Open(hsm.Options(null, SoftHsmFixture.RsaId), SoftHsmFixture.UserPin);

        Assert.Equal(byLabel.PublicKey.Thumbprint(), byId.PublicKey.Thumbprint());
    }

    [Fact]
    public void Key_opened_from_a_pkcs11_uri_signs()
    {
        var pinFile = Path.GetTempFileName();
        File.WriteAllText(pinFile, SoftHsmFixture.UserPin);
        try
        {
            var uri = $"pkcs11:token={SoftHsmFixture.KeysToken};id=%0a%02?module-path={hsm.LibraryPath}&pin-source=file://{pinFile}";
            using var key = Pkcs11SigningKey.Open(Pkcs11KeyOptions.Parse(uri));

            Assert.Equal(KeyAlgorithm.EcP256, key.KeyAlgorithm);
            Assert.True(key.PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, Message, key.Sign(Message)));
        }
        finally
        {
            File.Delete(pinFile);
        }
    }

    [Fact]
    public void Token_key_is_not_exportable()
    {
        using var key = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel), SoftHsmFixture.UserPin);

        Assert.False(key.IsExportable);
        Assert.Throws<TrustKeyException>(() => PrivateKeyPem.ExportEncrypted(key, "passphrase"));
        Assert.Throws<TrustKeyException>(() => PrivateKeyPem.ExportUnencrypted(key));
    }

    [Fact]
    public void Pin_is_read_from_an_environment_variable_or_a_file()
    {
        var variable = "TRUST_TEST_PKCS11_PIN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, SoftHsmFixture.UserPin);
        var file = Path.GetTempFileName();
        File.WriteAllText(file, SoftHsmFixture.UserPin + "\n");
        try
        {
            using (var fromEnv = Pkcs11SigningKey.Open(new Pkcs11KeyOptions
            {
                LibraryPath = hsm.LibraryPath, TokenLabel = SoftHsmFixture.KeysToken, KeyLabel = SoftHsmFixture.EcLabel, PinEnvironmentVariable = variable,
            }))
            {
                Assert.True(fromEnv.PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, Message, fromEnv.Sign(Message)));
            }

            using var fromFile = Pkcs11SigningKey.Open(new Pkcs11KeyOptions
            {
                LibraryPath = hsm.LibraryPath, TokenLabel = SoftHsmFixture.KeysToken, KeyLabel = SoftHsmFixture.EcLabel, PinFile = file,
            });
            Assert.True(fromFile.PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, Message, fromFile.Sign(Message)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            File.Delete(file);
        }
    }

    [Fact]
    public void Wrong_pin_is_a_clear_key_error()
    {
        var options = hsm.Options("anything", token: SoftHsmFixture.PinToken);

        var ex = Assert.Throws<TrustKeyException>(() => Pkcs11SigningKey.Open(options, "0000-wrong"));

        Assert.Contains("Wrong PIN", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0000-wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_pin_source_is_a_clear_key_error()
    {
        var ex = Assert.Throws<TrustKeyException>(() => Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel)));
        Assert.Contains("PIN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_token_is_a_clear_key_error()
    {
        var ex = Assert.Throws<TrustKeyException>(() => Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel, token: "no-such-token"), SoftHsmFixture.UserPin));
        Assert.Contains("No PKCS#11 token labelled 'no-such-token'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_is_a_clear_key_error()
    {
        var ex = Assert.Throws<TrustKeyException>(() => Pkcs11SigningKey.Open(hsm.Options("no-such-key"), SoftHsmFixture.UserPin));
        Assert.Contains("No private key 'no-such-key'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_module_is_a_clear_key_error()
    {
        var options = new Pkcs11KeyOptions { LibraryPath = "/nonexistent/libpkcs11.so", TokenLabel = SoftHsmFixture.KeysToken, KeyLabel = SoftHsmFixture.RsaLabel };
        var ex = Assert.Throws<TrustKeyException>(() => Pkcs11SigningKey.Open(options, SoftHsmFixture.UserPin));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ec_key_on_another_curve_is_refused_as_unsupported()
    {
        var ex = Assert.Throws<TrustKeyException>(() => Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.P384Label), SoftHsmFixture.UserPin));
        Assert.Contains("Unsupported curve", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Algorithm_that_does_not_fit_the_key_is_refused()
    {
        using var key = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel), SoftHsmFixture.UserPin);
        Assert.Throws<TrustKeyException>(() => key.Sign(SignatureAlgorithm.EcdsaP256Sha256, Message));
        Assert.Throws<TrustKeyException>(() => key.Sign(SignatureAlgorithm.Sm2Sm3, Message));
    }

    [Fact]
    public void Concurrent_signing_on_one_token_key_is_serialised_and_correct()
    {
        using var key = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.EcLabel), SoftHsmFixture.UserPin);
        var messages = Enumerable.Range(0, 32).Select(i => BitConverter.GetBytes(i)).ToArray();

        var signatures = new byte[messages.Length][];
        Parallel.For(0, messages.Length, i => signatures[i] = key.Sign(messages[i]));

        Assert.All(Enumerable.Range(0, messages.Length), i => Assert.True(key.PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, messages[i], signatures[i])));
    }

    [Fact]
    public void Two_keys_of_one_token_can_be_open_together_and_closing_one_keeps_the_other()
    {
        using var rsa = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel), SoftHsmFixture.UserPin);
        var ec = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.EcLabel), SoftHsmFixture.UserPin);
        ec.Dispose();

        Assert.True(rsa.PublicKey.Verify(SignatureAlgorithm.RsaPkcs1Sha256, Message, rsa.Sign(Message)));
    }

    [Fact]
    public void Signing_after_dispose_is_refused()
    {
        var key = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.EcLabel), SoftHsmFixture.UserPin);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Sign(Message));
    }
}
