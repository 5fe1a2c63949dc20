using System.Text.Json;

namespace Trust.Cli.Tests;

/// <summary>A small development PKI (4 departments, 6 seals) made by <c>trust pki init</c> for the seal command tests.</summary>
public sealed class SealCliFixture : IDisposable
{
    public SealCliFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "trust-seal-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Pki = Path.Combine(Root, "pki");
        var (code, _, error) = SealCommandsTests.Run("pki", "init", "--out", Pki, "--departments", "4", "--seals", "6");
        if (code != 0)
        {
            throw new InvalidOperationException("pki init failed: " + error);
        }
    }

    public string Root { get; }

    public string Pki { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed class SealCommandsTests(SealCliFixture fixture) : IClassFixture<SealCliFixture>
{
    [Fact]
    public void Seal_list_json_lists_every_seal_with_id_name_department_algorithm()
    {
        var (code, output, _) = Run("seal", "list", "--pki", fixture.Pki, "--json");

        Assert.Equal(0, code);
        var seals = JsonDocument.Parse(output).RootElement.GetProperty("seals").EnumerateArray().ToList();
        Assert.Equal(6, seals.Count);
        Assert.All(seals, s =>
        {
            Assert.False(string.IsNullOrEmpty(s.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("department").GetString()));
            Assert.Contains(s.GetProperty("algorithm").GetString(), new[] { "SM2-SM3", "RSA-SHA256" });
        });
        Assert.Equal(4, seals.Select(s => s.GetProperty("department").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData("SM2-SM3")]
    [InlineData("RSA-SHA256")]
    public void Sign_file_then_verify_file_is_valid_and_a_changed_file_is_invalid(string algorithm)
    {
        var sealId = FirstSeal(algorithm);
        var file = Path.Combine(fixture.Root, $"doc-{algorithm}.bin");
        var ses = file + ".ses";
        File.WriteAllBytes(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));

        var (signCode, _, signError) = Run("seal", "sign-file", "--pki", fixture.Pki, "--seal", sealId, "--in", file, "--out", ses, "--json");
        Assert.True(signCode == 0, signError);

        var (code, output, _) = Run("seal", "verify-file", "--pki", fixture.Pki, "--in", file, "--sig", ses, "--json");
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, code);
        Assert.Equal("valid", json.GetProperty("verdict").GetString());
        Assert.Equal(sealId, json.GetProperty("seal_id").GetString());
        Assert.Equal(algorithm, json.GetProperty("algorithm").GetString());
        Assert.Empty(json.GetProperty("reasons").EnumerateArray());

        File.AppendAllText(file, "changed");
        var (badCode, badOutput, _) = Run("seal", "verify-file", "--pki", fixture.Pki, "--in", file, "--sig", ses, "--json");
        var bad = JsonDocument.Parse(badOutput).RootElement;
        Assert.Equal(1, badCode);
        Assert.Equal("invalid", bad.GetProperty("verdict").GetString());
        Assert.Equal(["data.hash_mismatch"], bad.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("TOTAL-FAILED", bad.GetProperty("indication").GetString());
        Assert.Equal("HASH_FAILURE", bad.GetProperty("sub_indication").GetString());
    }

    [Fact]
    public void Malformed_signature_file_is_bad_input_naming_the_file()
    {
        var file = Path.Combine(fixture.Root, "plain.txt");
        var ses = Path.Combine(fixture.Root, "garbage.ses");
        File.WriteAllText(file, "x");
        File.WriteAllBytes(ses, [0x30, 0x82, 0xFF, 0xFF, 0x00]);

        var (code, _, error) = Run("seal", "verify-file", "--pki", fixture.Pki, "--in", file, "--sig", ses);

        Assert.Equal(2, code);
        Assert.Contains("garbage.ses", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_seal_is_bad_input()
    {
        var file = Path.Combine(fixture.Root, "plain2.txt");
        File.WriteAllText(file, "x");

        var (code, _, error) = Run("seal", "sign-file", "--pki", fixture.Pki, "--seal", "NO-SUCH-SEAL", "--in", file, "--out", file + ".ses");

        Assert.Equal(2, code);
        Assert.Contains("NO-SUCH-SEAL", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".ses"));
    }

    private string FirstSeal(string algorithm)
    {
        var (_, output, _) = Run("seal", "list", "--pki", fixture.Pki, "--json");
        return JsonDocument.Parse(output).RootElement.GetProperty("seals").EnumerateArray()
            .First(s => s.GetProperty("algorithm").GetString() == algorithm).GetProperty("id").GetString()!;
    }

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
