using System.Text.Json;
using Trust.Core.Pki.Development;

namespace Trust.Cli.Tests;

[Collection(CliPkiCollection.Name)]
public sealed class SignatureCommandTests(CliPkiFixture pki) : IDisposable
{
    private const string Sm2Id = "distid:1234567812345678";
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string PassFile()
    {
        var path = _work.File("pass.txt");
        File.WriteAllText(path, DevelopmentPki.ResolvePassphrase() + "\n");
        return path;
    }

    private string Message(string content = "电子证照 licence payload 42")
    {
        var path = _work.File("message.bin");
        File.WriteAllText(path, content);
        return path;
    }

    public static TheoryData<string, bool, string, string> Keys => new()
    {
        { "sm2", false, "departments/SAMR/key.pem", "departments/SAMR/cert.pem" },
        { "rsa", false, "departments/PSB/key.pem", "departments/PSB/cert.pem" },
        { "rsa", true, "departments/PSB/key.pem", "departments/PSB/cert.pem" },
        { "ecdsa", false, "tls/client.key.pem", "tls/client.pem" },
    };

    private static string[] WithPss(bool pss, params string[] args) => pss ? [.. args, "--pss"] : args;

    [Theory]
    [MemberData(nameof(Keys))]
    public void Sign_then_verify_round_trips_and_a_tampered_file_is_invalid(string alg, bool pss, string key, string cert)
    {
        var message = Message();
        var sig = _work.File("sig.bin");
        var signed = CliRunner.Run(WithPss(pss, "sign", "--alg", alg, "--key", pki.PathOf(key), "--pass-file", PassFile(), "--in", message, "--out", sig));
        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.Equal(string.Empty, signed.Error);

        var valid = CliRunner.Run(WithPss(pss, "verify-signature", "--alg", alg, "--cert", pki.PathOf(cert), "--in", message, "--sig", sig));
        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.StartsWith("valid", valid.Output, StringComparison.Ordinal);

        File.AppendAllText(message, "!");
        var tampered = CliRunner.Run(WithPss(pss, "verify-signature", "--alg", alg, "--cert", pki.PathOf(cert), "--in", message, "--sig", sig));
        Assert.Equal(1, tampered.ExitCode);
        Assert.StartsWith("invalid", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Ecdsa_high_s_twin_of_our_signature_is_invalid_unless_allow_high_s()
    {
        var message = Message();
        var sig = _work.File("sig.bin");
        Assert.Equal(0, CliRunner.Run("sign", "--alg", "ecdsa", "--key", pki.PathOf("tls/client.key.pem"), "--pass-file", PassFile(), "--in", message, "--out", sig).ExitCode);
        var der = File.ReadAllBytes(sig);
        Assert.False(Trust.Core.Crypto.Ecdsa.EcdsaVerificationKey.IsHighS(der), "our signer emits low s");

        // (r, s) -> (r, n - s): the same signature, malleated.
        var raw = Trust.Core.Crypto.EcSignatureEncoding.DerToRaw(der)!;
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var high = (n - new System.Numerics.BigInteger(raw.AsSpan(32), isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(raw, 32, 32);
        high.CopyTo(raw, 64 - high.Length);
        foreach (var form in new[] { raw, Trust.Core.Crypto.EcSignatureEncoding.RawToDer(raw) })
        {
            File.WriteAllBytes(sig, form);
            string[] verify = ["verify-signature", "--alg", "ecdsa", "--cert", pki.PathOf("tls/client.pem"), "--in", message, "--sig", sig];
            var strict = CliRunner.Run([.. verify, "--json"]);
            Assert.True(strict.ExitCode == 1, strict.ToString());
            using (var json = JsonDocument.Parse(strict.Output))
            {
                Assert.Equal(["signature.high_s"], json.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
            }

            var text = CliRunner.Run(verify);
            Assert.Contains("signature.high_s", text.Output, StringComparison.Ordinal);
            var allowed = CliRunner.Run([.. verify, "--allow-high-s"]);
            Assert.True(allowed.ExitCode == 0, allowed.ToString());
        }

        // The flag does not make a wrong signature valid, and applies to ECDSA only.
        raw[0] ^= 1;
        File.WriteAllBytes(sig, raw);
        Assert.Equal(1, CliRunner.Run("verify-signature", "--alg", "ecdsa", "--cert", pki.PathOf("tls/client.pem"), "--in", message, "--sig", sig, "--allow-high-s").ExitCode);
        Assert.Equal(2, CliRunner.Run("verify-signature", "--alg", "sm2", "--cert", pki.PathOf("departments/SAMR/cert.pem"), "--in", message, "--sig", sig, "--allow-high-s").ExitCode);
    }

    [Fact]
    public void Verify_signature_json_has_verdict_algorithm_and_reasons()
    {
        var message = Message();
        var sig = _work.File("sig.bin");
        Assert.Equal(0, CliRunner.Run("sign", "--alg", "sm2", "--key", pki.PathOf("departments/SAMR/key.pem"), "--pass-file", PassFile(), "--in", message, "--out", sig).ExitCode);
        var bytes = File.ReadAllBytes(sig);
        bytes[^1] ^= 1;
        File.WriteAllBytes(sig, bytes);
        var result = CliRunner.Run("verify-signature", "--alg", "sm2", "--cert", pki.PathOf("departments/SAMR/cert.pem"), "--in", message, "--sig", sig, "--json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("invalid", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("SM2-SM3", json.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal("signature.mismatch", json.RootElement.GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public void Pass_env_reads_the_passphrase_from_the_named_variable()
    {
        var variable = "TRUST_TEST_PASS_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, DevelopmentPki.ResolvePassphrase());
        try
        {
            var result = CliRunner.Run("sign", "--alg", "sm2", "--key", pki.PathOf("departments/SAMR/key.pem"), "--pass-env", variable, "--in", Message(), "--out", _work.File("s"), "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            using var json = JsonDocument.Parse(result.Output);
            Assert.True(json.RootElement.GetProperty("key_encrypted").GetBoolean());
            Assert.Equal("SM2-SM3", json.RootElement.GetProperty("algorithm").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Wrong_passphrase_exits_two_and_writes_no_signature()
    {
        var wrong = _work.File("wrong.txt");
        File.WriteAllText(wrong, "not-the-passphrase");
        var sig = _work.File("sig.bin");
        var result = CliRunner.Run("sign", "--alg", "sm2", "--key", pki.PathOf("departments/SAMR/key.pem"), "--pass-file", wrong, "--in", Message(), "--out", sig);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("passphrase", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(sig));
        Assert.DoesNotContain(Directory.GetFiles(_work.Path), f => f.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public void Encrypted_key_without_a_passphrase_option_says_how_to_give_one()
    {
        var result = CliRunner.Run("sign", "--alg", "sm2", "--key", pki.PathOf("departments/SAMR/key.pem"), "--in", Message(), "--out", _work.File("s"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--pass-env", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sign", "--alg", "dsa")]
    [InlineData("sign", "--alg", "sm2", "--pss")]
    [InlineData("sign", "--alg", "rsa")]
    [InlineData("verify-signature", "--alg", "rsa")]
    public void Bad_algorithm_choices_exit_two(params string[] prefix)
    {
        var rest = prefix[0] == "sign"
            ? new[] { "--key", pki.PathOf("departments/SAMR/key.pem"), "--pass-file", PassFile(), "--in", Message(), "--out", _work.File("s") }
            : ["--cert", pki.PathOf("departments/SAMR/cert.pem"), "--in", Message(), "--sig", pki.PathOf("pki.json")];
        var result = CliRunner.Run([.. prefix, .. rest]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.NotEqual(string.Empty, result.Error);
        Assert.False(File.Exists(_work.File("s")));
    }

    [Fact]
    public void Missing_input_file_exits_two_and_names_the_option_and_path()
    {
        var missing = _work.File("nope.bin");
        var result = CliRunner.Run("sign", "--alg", "sm2", "--key", pki.PathOf("departments/SAMR/key.pem"), "--pass-file", PassFile(), "--in", missing, "--out", _work.File("s"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--in", result.Error, StringComparison.Ordinal);
        Assert.Contains("nope.bin", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_and_signature_files_exit_two()
    {
        var message = Message();
        Assert.Equal(2, CliRunner.Run("sign", "--alg", "sm2", "--key", _work.File("no-key.pem"), "--in", message, "--out", _work.File("s")).ExitCode);
        Assert.Equal(2, CliRunner.Run("verify-signature", "--alg", "sm2", "--pub", _work.File("no-pub.pem"), "--in", message, "--sig", _work.File("s")).ExitCode);
        Assert.Equal(2, CliRunner.Run("verify-signature", "--alg", "sm2", "--cert", pki.PathOf("departments/SAMR/cert.pem"), "--in", message, "--sig", _work.File("no-sig")).ExitCode);
        Assert.Equal(2, CliRunner.Run("verify-signature", "--alg", "sm2", "--cert", pki.PathOf("departments/SAMR/cert.pem"), "--pub", pki.PathOf("departments/SAMR/cert.pem"), "--in", message, "--sig", message).ExitCode);
    }

    [Fact]
    public void A_private_key_given_as_public_key_is_refused()
    {
        var result = CliRunner.Run("verify-signature", "--alg", "sm2", "--pub", pki.PathOf("departments/SAMR/key.pem"), "--in", Message(), "--sig", Message());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("private key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_sign_leaves_an_existing_output_file_untouched()
    {
        var sig = _work.File("sig.bin");
        File.WriteAllText(sig, "previous");
        var result = CliRunner.Run("sign", "--alg", "rsa", "--key", pki.PathOf("departments/SAMR/key.pem"), "--pass-file", PassFile(), "--in", Message(), "--out", sig);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("previous", File.ReadAllText(sig));
    }
}
