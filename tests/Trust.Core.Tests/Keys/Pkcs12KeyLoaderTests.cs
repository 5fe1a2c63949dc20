using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Tests.Crypto.Interop;

namespace Trust.Core.Tests.Keys;

/// <summary>PKCS#12 files written by OpenSSL 3 (PBES2/AES-256-CBC, SHA-256 MAC by default).</summary>
public sealed class Pkcs12KeyLoaderTests : IClassFixture<Pkcs12KeyLoaderTests.Files>
{
    private const string Password = "p12-secret";
    private readonly Files _files;

    public Pkcs12KeyLoaderTests(Files files) => _files = files;

    [Theory]
    [InlineData("rsa.p12", KeyAlgorithm.Rsa, 2)]
    [InlineData("ec.p12", KeyAlgorithm.EcP256, 1)]
    [InlineData("sm2.p12", KeyAlgorithm.Sm2, 1)]
    [InlineData("rsa-legacy.p12", KeyAlgorithm.Rsa, 2)]
    public void Key_and_chain_load_and_the_key_matches_its_certificate(string file, KeyAlgorithm algorithm, int chainLength)
    {
        using var contents = Pkcs12KeyLoader.LoadFile(_files.PathOf(file), Password);

        Assert.Equal(algorithm, contents.Key.KeyAlgorithm);
        Assert.Equal(chainLength, contents.CertificateChain.Count);
        var certificateKey = PublicKeyPem.FromCertificate(contents.Certificate);
        Assert.Equal(certificateKey.Thumbprint(), contents.Key.PublicKey.Thumbprint());
        Assert.True(certificateKey.Verify(contents.Key.DefaultAlgorithm, "p12"u8, contents.Key.Sign("p12"u8)));
    }

    [Theory]
    [InlineData("rsa.p12")]
    [InlineData("ec.p12")]
    [InlineData("sm2.p12")]
    public void Imported_key_can_be_stored_as_encrypted_pkcs8(string file)
    {
        using var contents = Pkcs12KeyLoader.LoadFile(_files.PathOf(file), Password);

        var pem = PrivateKeyPem.ExportEncrypted(contents.Key, "new passphrase", iterations: 1000);
        using var reloaded = PrivateKeyPem.Load(pem, "new passphrase", out _);

        Assert.Equal(contents.Key.PublicKey.Thumbprint(), reloaded.PublicKey.Thumbprint());
    }

    [Fact]
    public void Chain_is_ordered_leaf_then_issuer()
    {
        using var contents = Pkcs12KeyLoader.LoadFile(_files.PathOf("rsa.p12"), Password);

        using var leaf = X509CertificateLoader.LoadCertificate(contents.CertificateChain[0]);
        using var root = X509CertificateLoader.LoadCertificate(contents.CertificateChain[1]);
        Assert.Equal("CN=Test-Leaf", leaf.Subject);
        Assert.Equal("CN=Test-Root", root.Subject);
    }

    [Theory]
    [InlineData("rsa.p12")]
    [InlineData("sm2.p12")]
    public void Wrong_password_is_a_clear_key_error(string file)
    {
        var ex = Assert.Throws<TrustKeyException>(() => Pkcs12KeyLoader.LoadFile(_files.PathOf(file), "not-the-password"));
        Assert.Contains("Wrong PKCS#12 password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_without_a_private_key_is_a_clear_key_error()
    {
        var ex = Assert.Throws<TrustKeyException>(() => Pkcs12KeyLoader.LoadFile(_files.PathOf("nokey.p12"), Password));
        Assert.Contains("no private key", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(200)]
    public void Truncated_file_is_a_key_error(int keep)
    {
        var bytes = File.ReadAllBytes(_files.PathOf("rsa.p12"))[..keep];
        Assert.Throws<TrustKeyException>(() => Pkcs12KeyLoader.Load(bytes, Password));
    }

    [Fact]
    public void Missing_file_is_a_key_error()
    {
        Assert.Throws<TrustKeyException>(() => Pkcs12KeyLoader.LoadFile(_files.PathOf("absent.p12"), Password));
    }

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public bool Random_or_mutated_input_gives_only_key_errors(byte[] noise, FsCheck.PositiveInt position)
    {
        var original = File.ReadAllBytes(_files.PathOf(noise.Length % 2 == 0 ? "sm2.p12" : "ec.p12"));
        foreach (var candidate in new[] { noise, Mutate(original, noise, position.Get) })
        {
            try
            {
                using var loaded = Pkcs12KeyLoader.Load(candidate, Password);
            }
            catch (TrustKeyException)
            {
            }
        }

        return true;
    }

    private static byte[] Mutate(byte[] original, byte[] noise, int position)
    {
        var copy = (byte[])original.Clone();
        for (var i = 0; i < Math.Min(noise.Length, 4); i++)
        {
            copy[(position + (i * 131)) % copy.Length] ^= (byte)(noise[i] | 1);
        }

        return copy;
    }

    /// <summary>PKCS#12 files made once by openssl for the whole class.</summary>
    public sealed class Files : IDisposable
    {
        private readonly InteropWorkspace _ws = new();

        public Files()
        {
            OpenSsl.EnsureAvailable();
            OpenSsl.Bash(_ws.Directory, $"""
                set -e
                exec 2>/dev/null
                openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -subj /CN=Test-Root -days 10 -out ca.pem
                openssl req -newkey rsa:2048 -nodes -keyout leaf.key -subj /CN=Test-Leaf -out leaf.csr
                openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 5 -out leaf.pem
                openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -passout pass:{Password} -out rsa.p12
                openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -passout pass:{Password} -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -out rsa-legacy.p12
                openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -subj /CN=Test-EC -days 5 -out ec.pem
                openssl pkcs12 -export -inkey ec.key -in ec.pem -passout pass:{Password} -out ec.p12
                openssl genpkey -algorithm SM2 -out sm2.key
                openssl req -x509 -new -key sm2.key -sm3 -sigopt distid:1234567812345678 -subj /CN=Test-SM2 -days 5 -out sm2.pem
                openssl pkcs12 -export -inkey sm2.key -in sm2.pem -passout pass:{Password} -out sm2.p12
                openssl pkcs12 -export -nokeys -in ca.pem -passout pass:{Password} -out nokey.p12
                """);
        }

        public string PathOf(string name) => _ws.PathOf(name);

        public void Dispose() => _ws.Dispose();
    }
}
