using Trust.Core.Crypto;
using Trust.Core.Keys;

namespace Trust.Core.Tests.Crypto.Interop;

/// <summary>
/// Key files cross between Trust and OpenSSL 3: keys OpenSSL writes (PKCS#8, SEC1/PKCS#1
/// "traditional", and encrypted PKCS#8 with PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC) load with
/// <see cref="PrivateKeyPem"/>, and OpenSSL reads Trust's encrypted keys.
/// </summary>
public sealed class OpenSslKeyInteropTests
{
    private const string Passphrase = "correct horse battery";

    public OpenSslKeyInteropTests() => OpenSsl.EnsureAvailable();

    public static TheoryData<string, string> KeyFiles
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var kind in new[] { "sm2", "rsa", "ec" })
            {
                foreach (var form in new[] { "pkcs8", "traditional", "encrypted-genpkey", "encrypted-pkcs8-sha1" })
                {
                    data.Add(kind, form);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(KeyFiles))]
    public void Keys_written_by_openssl_load_and_sign_for_the_same_public_key(string kind, string form)
    {
        using var ws = new InteropWorkspace();
        var genpkey = kind switch
        {
            "sm2" => "-algorithm SM2",
            "rsa" => "-algorithm RSA -pkeyopt rsa_keygen_bits:2048",
            _ => "-algorithm EC -pkeyopt ec_paramgen_curve:P-256",
        };
        var make = form switch
        {
            "pkcs8" => "cp plain.pem key.pem",
            "traditional" when kind == "sm2" => "openssl ec -in plain.pem -out key.pem 2>/dev/null",
            "traditional" => "openssl pkey -in plain.pem -traditional -out key.pem",
            "encrypted-genpkey" => $"openssl pkey -in plain.pem -aes-256-cbc -passout 'pass:{Passphrase}' -out key.pem",
            _ => $"openssl pkcs8 -topk8 -in plain.pem -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout 'pass:{Passphrase}' -out key.pem",
        };
        OpenSsl.Bash(ws.Directory, $"""
            openssl genpkey {genpkey} -out plain.pem 2>/dev/null
            openssl pkey -in plain.pem -pubout -out pub.pem
            {make}
            """);
        var text = ws.ReadText("key.pem");
        var encrypted = form.StartsWith("encrypted", StringComparison.Ordinal);
        Assert.Equal(encrypted, text.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal));
        if (form == "traditional")
        {
            Assert.Contains(kind switch { "rsa" => "RSA PRIVATE KEY", "sm2" => "SM2 PRIVATE KEY", _ => "EC PRIVATE KEY" }, text, StringComparison.Ordinal);
        }

        using var key = PrivateKeyPem.Load(text, encrypted ? Passphrase : default, out var wasEncrypted);

        Assert.Equal(encrypted, wasEncrypted);
        var opensslPublic = PublicKeyPem.Load(ws.ReadText("pub.pem"));
        Assert.Equal(opensslPublic.Thumbprint(), key.PublicKey.Thumbprint());
        var signature = key.Sign("interop"u8);
        Assert.True(opensslPublic.Verify(key.DefaultAlgorithm, "interop"u8, signature));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Sm2)]
    [InlineData(KeyAlgorithm.Rsa)]
    [InlineData(KeyAlgorithm.EcP256)]
    public void Encrypted_keys_written_by_trust_load_in_openssl(KeyAlgorithm algorithm)
    {
        using var ws = new InteropWorkspace();
        using var key = SigningKeys.Generate(algorithm);
        ws.Write("ours.pem", PrivateKeyPem.ExportEncrypted(key, Passphrase, iterations: 2048));

        var pub = OpenSsl.Bash(ws.Directory, $"openssl pkey -in ours.pem -passin 'pass:{Passphrase}' -pubout");
        var wrong = OpenSsl.Bash(ws.Directory, "openssl pkey -in ours.pem -passin pass:wrong -noout 2>/dev/null && echo accepted || echo refused");
        var structure = OpenSsl.Bash(ws.Directory, "openssl asn1parse -in ours.pem");

        Assert.Equal(PublicKeyPem.Export(key.PublicKey).Trim(), pub.Trim());
        Assert.Equal("refused", wrong.Trim());
        Assert.Contains("PBES2", structure, StringComparison.Ordinal);
        Assert.Contains("hmacWithSHA256", structure, StringComparison.Ordinal);
        Assert.Contains("aes-256-cbc", structure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-scrypt", "Unsupported key derivation")]
    [InlineData("-v1 PBE-SHA1-3DES", "only PBES2 is accepted")]
    [InlineData("-v2 des3", "Unsupported private key cipher")]
    public void Encryption_schemes_other_than_pbes2_aes_are_refused_clearly(string options, string expected)
    {
        using var ws = new InteropWorkspace();
        OpenSsl.Bash(ws.Directory, $"""
            openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out plain.pem
            openssl pkcs8 -topk8 -in plain.pem {options} -passout 'pass:{Passphrase}' -out key.pem 2>/dev/null
            """);

        var ex = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(ws.ReadText("key.pem"), Passphrase, out _));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_curve_from_openssl_is_a_clear_key_error()
    {
        using var ws = new InteropWorkspace();
        OpenSsl.Bash(ws.Directory, """
            openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem
            openssl pkey -in p384.pem -traditional -out p384-sec1.pem
            openssl pkey -in p384.pem -pubout -out p384-pub.pem
            openssl genpkey -algorithm ED25519 -out ed.pem
            """);

        var pkcs8 = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(ws.ReadText("p384.pem"), default, out _));
        var sec1 = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(ws.ReadText("p384-sec1.pem"), default, out _));
        var pub = Assert.Throws<TrustKeyException>(() => PublicKeyPem.Load(ws.ReadText("p384-pub.pem")));
        var ed = Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(ws.ReadText("ed.pem"), default, out _));

        Assert.All(new[] { pkcs8, sec1, pub }, ex => Assert.Contains("Unsupported EC curve P-384", ex.Message, StringComparison.Ordinal));
        Assert.Contains("Unsupported private key algorithm Ed25519", ed.Message, StringComparison.Ordinal);
    }
}
