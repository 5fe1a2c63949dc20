using System.Buffers.Text;
using System.Text.Json;
using Trust.Core.Pki.Development;

namespace Trust.Cli.Tests;

/// <summary><c>trust token</c> against the shared small PKI (the server-side check is in Trust.Grpc.Tests.CliTokenEndToEndTests).</summary>
[Collection(CliPkiCollection.Name)]
public sealed class TokenCommandTests(CliPkiFixture pki)
{
    [Fact]
    public void Token_carries_subject_roles_departments_and_lifetime()
    {
        var department = DevelopmentPkiManifest.Load(pki.Directory).Departments[0].Code;
        var result = CliRunner.Run("token", "--role", "issuer", "--role", "verifier", "--department", department, "--subject", "platform-9", "--minutes", "15", "--pki", pki.Directory);
        Assert.True(result.ExitCode == 0, result.ToString());
        var parts = result.Output.Trim().Split('.');
        Assert.Equal(3, parts.Length);
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("platform-9", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal(["issuer", "verifier"], payload.RootElement.GetProperty("role").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(department, payload.RootElement.GetProperty("dept")[0].GetString());
        Assert.Equal(15 * 60, payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64());
        Assert.True(File.Exists(pki.PathOf(DevelopmentTokens.PublicKeyPath)));
    }

    [Theory]
    [InlineData("--role", "root", "--subject", "x")]
    [InlineData("--role", "clerk", "--subject", "x", "--minutes", "0")]
    [InlineData("--role", "clerk", "--subject", "x", "--minutes", "1441")]
    [InlineData("--role", "issuer", "--subject", "x", "--department", "NOPE")]
    [InlineData("--role", "clerk", "--subject", "")]
    [InlineData("--subject", "x")]
    public void Bad_input_exits_2_with_a_message(params string[] args)
    {
        var result = CliRunner.Run(["token", .. args, "--pki", pki.Directory]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(result.Output);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public void Folder_without_a_pki_exits_2()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("token", "--role", "clerk", "--subject", "x", "--pki", temp.File("none"));
        Assert.Equal(2, result.ExitCode);
    }
}
