using System.Text.Json;

namespace Trust.Cli.Tests;

/// <summary>A small development PKI made once through <c>trust pki init --json</c>.</summary>
public sealed class CliPkiFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public CliPkiFixture()
    {
        Directory = _temp.File("pki");
        Init = CliRunner.Run("pki", "init", "--out", Directory, "--departments", "4", "--json");
    }

    public string Directory { get; }

    internal CliResult Init { get; }

    public string PathOf(string relative) => System.IO.Path.Combine(Directory, relative);

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class CliPkiCollection : ICollectionFixture<CliPkiFixture>
{
    public const string Name = "cli-pki";
}

[Collection(CliPkiCollection.Name)]
public sealed class PkiInitTests(CliPkiFixture pki)
{
    [Fact]
    public void Init_succeeds_and_prints_the_documented_json()
    {
        Assert.True(pki.Init.ExitCode == 0, pki.Init.ToString());
        using var json = JsonDocument.Parse(pki.Init.Output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("development_only").GetBoolean());
        Assert.Equal(4, root.GetProperty("departments").GetInt32());
        Assert.Equal(2, root.GetProperty("sm2_departments").GetInt32());
        Assert.Equal(2, root.GetProperty("rsa_departments").GetInt32());
        Assert.Equal(4, root.GetProperty("cas").GetArrayLength());
        Assert.Equal(160, root.GetProperty("seals_requested").GetInt32());
        Assert.Equal(160, root.GetProperty("seals_created").GetInt32()); // the seal command group registers its pki init contributor
        Assert.True(File.Exists(pki.PathOf("pki.json")));
        Assert.Contains("DEVELOPMENT MATERIAL ONLY", File.ReadAllText(pki.PathOf("MANIFEST.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_stays_quiet_on_stderr_when_output_is_redirected()
    {
        Assert.Equal(string.Empty, pki.Init.Error);
    }

    [Fact]
    public void Init_refuses_a_non_empty_folder_without_force_and_changes_nothing()
    {
        var before = File.ReadAllText(pki.PathOf("pki.json"));
        var result = CliRunner.Run("pki", "init", "--out", pki.Directory, "--departments", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--force", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(pki.PathOf("pki.json")));
    }

    [Fact]
    public void Init_with_force_replaces_the_pki_and_keeps_unrelated_files()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("notes.txt"), "mine");
        var refused = CliRunner.Run("pki", "init", "--out", temp.Path, "--departments", "1");
        Assert.Equal(1, refused.ExitCode);
        var forced = CliRunner.Run("pki", "init", "--out", temp.Path, "--departments", "1", "--seals", "0", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("mine", File.ReadAllText(temp.File("notes.txt")));
        Assert.True(File.Exists(temp.File("departments/SAMR/cert.pem")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("87")]
    [InlineData("many")]
    public void Init_rejects_a_bad_department_count_with_usage_exit(string count)
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("pki", "init", "--out", temp.File("x"), "--departments", count);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("departments", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("x")));
    }

    [Fact]
    public void Sm2_and_rsa_department_certificates_pass_openssl_verify()
    {
        // SM2: OpenSSL 3.0 needs the GB/T 32918 default signer ID, and applies it to the target only (see certs-dev/MANIFEST.md).
        var (sm2Exit, sm2Output) = OpenSsl.Run(pki.Directory, "verify", "-vfyopt", "distid:1234567812345678", "-partial_chain", "-CAfile", "ca/sm2-issuing.pem", "departments/SAMR/cert.pem");
        Assert.True(sm2Exit == 0, sm2Output);
        var (issuingExit, issuingOutput) = OpenSsl.Run(pki.Directory, "verify", "-vfyopt", "distid:1234567812345678", "-CAfile", "ca/sm2-root.pem", "ca/sm2-issuing.pem");
        Assert.True(issuingExit == 0, issuingOutput);
        var (rsaExit, rsaOutput) = OpenSsl.Run(pki.Directory, "verify", "-CAfile", "ca/rsa-root.pem", "-untrusted", "ca/rsa-issuing.pem", "departments/PSB/cert.pem");
        Assert.True(rsaExit == 0, rsaOutput);
    }

    [Fact]
    public void Help_lists_the_commands_and_exits_zero()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("pki", result.Output, StringComparison.Ordinal);
        Assert.Contains("verify-signature", result.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes", result.Output, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> UsageErrors => new()
    {
        Array.Empty<string>(),
        new[] { "frobnicate" },
        new[] { "sign", "--no-such-option" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Usage_errors_exit_two(string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("trust --help", result.Error, StringComparison.Ordinal);
    }
}
