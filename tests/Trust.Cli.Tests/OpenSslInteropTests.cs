namespace Trust.Cli.Tests;

/// <summary>
/// <c>trust sign</c> output verifies with <c>openssl pkeyutl</c>, and OpenSSL's signatures and key
/// files (PKCS#8, SEC1, PKCS#1, encrypted PKCS#8) work with <c>trust</c>.
/// </summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private const string Sm2Id = "distid:1234567812345678";
    private readonly TempDirectory _work = new();

    public OpenSslInteropTests()
    {
        File.WriteAllText(_work.File("msg"), "open data 开放数据 " + Guid.NewGuid());
    }

    public void Dispose() => _work.Dispose();

    private void OpenSslOk(params string[] args)
    {
        var (exit, output) = OpenSsl.Run(_work.Path, args);
        Assert.True(exit == 0, $"openssl {string.Join(' ', args)}: {output}");
    }

    public static TheoryData<string, bool> Algorithms => new()
    {
        { "sm2", false },
        { "rsa", false },
        { "rsa", true },
        { "ecdsa", false },
    };

    private string[] KeyGen(string alg) => alg switch
    {
        "sm2" => ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "key.pem"],
        "rsa" => ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem"],
        _ => ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem"],
    };

    private static string[] PkeyOptions(string alg, bool pss) => alg switch
    {
        "sm2" => ["-digest", "sm3", "-pkeyopt", Sm2Id],
        "rsa" when pss => ["-digest", "sha256", "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:32", "-pkeyopt", "rsa_mgf1_md:sha256"],
        _ => ["-digest", "sha256"],
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Our_signature_verifies_with_openssl_pkeyutl(string alg, bool pss)
    {
        OpenSslOk(KeyGen(alg));
        OpenSslOk("pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        string[] sign = ["sign", "--alg", alg, "--key", _work.File("key.pem"), "--in", _work.File("msg"), "--out", _work.File("sig")];
        var result = CliRunner.Run(pss ? [.. sign, "--pss"] : sign);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not encrypted", result.Error, StringComparison.Ordinal);
        OpenSslOk(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig", .. PkeyOptions(alg, pss)]);

        File.AppendAllText(_work.File("msg"), "x");
        var (exit, _) = OpenSsl.Run(_work.Path, ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig", .. PkeyOptions(alg, pss)]);
        Assert.NotEqual(0, exit);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Openssl_signature_verifies_with_our_verify_signature(string alg, bool pss)
    {
        OpenSslOk(KeyGen(alg));
        OpenSslOk("pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        OpenSslOk(["pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "msg", "-out", "sig", .. PkeyOptions(alg, pss)]);
        string[] verify = ["verify-signature", "--alg", alg, "--pub", _work.File("pub.pem"), "--in", _work.File("msg"), "--sig", _work.File("sig")];

        // OpenSSL does not normalise ECDSA s (high s about half the time): interop needs the explicit opt-in.
        verify = alg == "ecdsa" ? [.. verify, "--allow-high-s"] : verify;
        var result = CliRunner.Run(pss ? [.. verify, "--pss"] : verify);
        Assert.True(result.ExitCode == 0, result.ToString());

        var sig = File.ReadAllBytes(_work.File("sig"));
        sig[sig.Length / 2] ^= 0x10;
        File.WriteAllBytes(_work.File("sig"), sig);
        var flipped = CliRunner.Run(pss ? [.. verify, "--pss"] : verify);
        Assert.Equal(1, flipped.ExitCode);
    }

    [Fact]
    public void Openssl_high_s_ecdsa_signatures_need_allow_high_s_and_low_s_ones_do_not()
    {
        OpenSslOk(KeyGen("ecdsa"));
        OpenSslOk("pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        var seen = new HashSet<bool>();

        // Each OpenSSL signature is high-s with probability 1/2: 64 signatures see both kinds (all but 2^-63).
        for (var i = 0; i < 64 && seen.Count < 2; i++)
        {
            OpenSslOk(["pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "msg", "-out", "sig", .. PkeyOptions("ecdsa", false)]);
            var high = Trust.Core.Crypto.Ecdsa.EcdsaVerificationKey.IsHighS(File.ReadAllBytes(_work.File("sig")));
            string[] verify = ["verify-signature", "--alg", "ecdsa", "--pub", _work.File("pub.pem"), "--in", _work.File("msg"), "--sig", _work.File("sig"), "--json"];
            var strict = CliRunner.Run(verify);
            Assert.True(strict.ExitCode == (high ? 1 : 0), strict.ToString());
            if (high)
            {
                Assert.Contains("signature.high_s", strict.Output, StringComparison.Ordinal);
            }

            var allowed = CliRunner.Run([.. verify, "--allow-high-s"]);
            Assert.True(allowed.ExitCode == 0, allowed.ToString());
            seen.Add(high);
        }

        Assert.Equal(2, seen.Count);
    }

    [Theory]
    [InlineData("sm2", "ecparam", "-name", "SM2", "-genkey", "-noout", "-out", "key.pem")]
    [InlineData("ecdsa", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem")]
    [InlineData("rsa", "genrsa", "-traditional", "-out", "key.pem", "2048")]
    public void Traditional_openssl_key_files_sign_with_a_warning(string alg, params string[] keygen)
    {
        OpenSslOk(keygen);
        if (alg == "sm2")
        {
            // OpenSSL 3.0 writes a traditional SM2 key as "SM2 PRIVATE KEY" (SEC1 inside).
            OpenSslOk("ec", "-in", "key.pem", "-out", "key.pem");
        }

        var label = alg switch { "rsa" => "BEGIN RSA PRIVATE KEY", "sm2" => "BEGIN SM2 PRIVATE KEY", _ => "BEGIN EC PRIVATE KEY" };
        Assert.Contains(label, File.ReadAllText(_work.File("key.pem")), StringComparison.Ordinal);
        OpenSslOk("pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        var result = CliRunner.Run("sign", "--alg", alg, "--key", _work.File("key.pem"), "--in", _work.File("msg"), "--out", _work.File("sig"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning", result.Error, StringComparison.Ordinal);
        OpenSslOk(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig", .. PkeyOptions(alg, false)]);
    }

    [Fact]
    public void Openssl_encrypted_pkcs8_key_signs_with_the_passphrase_and_without_warning()
    {
        OpenSslOk("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-aes-256-cbc", "-pass", "pass:open-sesame", "-out", "key.pem");
        OpenSslOk("pkey", "-in", "key.pem", "-passin", "pass:open-sesame", "-pubout", "-out", "pub.pem");
        File.WriteAllText(_work.File("pass"), "open-sesame\n");
        var result = CliRunner.Run("sign", "--alg", "sm2", "--key", _work.File("key.pem"), "--pass-file", _work.File("pass"), "--in", _work.File("msg"), "--out", _work.File("sig"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        OpenSslOk(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig", .. PkeyOptions("sm2", false)]);
    }
}
