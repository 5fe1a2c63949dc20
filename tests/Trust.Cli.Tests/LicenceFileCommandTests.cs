using System.Security.Cryptography;
using System.Text.Json;
using Trust.Core.Licences;

namespace Trust.Cli.Tests;

/// <summary><c>trust license file</c> and <c>trust seal verify</c> on licence files, against a small development PKI.</summary>
public sealed class LicenceFileCommandTests(SealCliFixture fixture) : IClassFixture<SealCliFixture>
{
    [Theory]
    [InlineData("ofd")]
    [InlineData("pdf")]
    public void License_file_writes_a_sealed_file_that_seal_verify_reads_by_content(string format)
    {
        var lic = Issue($"file-{format}.lic");
        var output = Path.Combine(fixture.Root, $"licence-{format}.bin"); // no extension: verify must detect the format
        var (code, stdout, error) = SealCommandsTests.Run("license", "file", lic, "--pki", fixture.Pki, "--format", format, "--out", output, "--json");
        Assert.True(code == 0, error + stdout);
        var written = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(output, written.GetProperty("file").GetString());
        Assert.Equal(format, written.GetProperty("format").GetString());
        Assert.False(string.IsNullOrEmpty(written.GetProperty("seal_id").GetString()));
        var bytes = File.ReadAllBytes(output);
        Assert.Equal(bytes.Length, written.GetProperty("bytes").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), written.GetProperty("sha256").GetString());

        var (vcode, vout, verror) = SealCommandsTests.Run("seal", "verify", output, "--pki", fixture.Pki, "--json");
        Assert.True(vcode == 0, verror + vout);
        var report = JsonDocument.Parse(vout).RootElement;
        Assert.Equal("valid", report.GetProperty("verdict").GetString());
        Assert.Equal(format, report.GetProperty("format").GetString());
        var licence = report.GetProperty("licence");
        Assert.Equal("valid", licence.GetProperty("verdict").GetString());
        Assert.True(licence.GetProperty("matches_page").GetBoolean());
        Assert.Equal(written.GetProperty("licence_id").GetString(), licence.GetProperty("id").GetString());
        Assert.Equal(written.GetProperty("seal_id").GetString(), Assert.Single(report.GetProperty("seals").EnumerateArray()).GetProperty("seal_id").GetString());
    }

    [Fact]
    public void License_file_refuses_a_revoked_licence_and_writes_nothing()
    {
        var lic = Issue("revoked.lic");
        var id = SignedLicence.Decode(File.ReadAllBytes(lic)).Id;
        var (rc, _, re) = SealCommandsTests.Run("license", "revoke", id, "--reason", "test", "--pki", fixture.Pki);
        Assert.True(rc == 0, re);
        var output = Path.Combine(fixture.Root, "revoked.ofd");
        var (code, _, error) = SealCommandsTests.Run("license", "file", lic, "--pki", fixture.Pki, "--format", "ofd", "--out", output);
        Assert.Equal(1, code);
        Assert.Contains("revoked", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void License_file_rejects_a_bad_format_and_a_file_that_is_not_a_licence_with_exit_2()
    {
        var lic = Issue("bad-input.lic");
        var (code, _, error) = SealCommandsTests.Run("license", "file", lic, "--pki", fixture.Pki, "--format", "docx", "--out", Path.Combine(fixture.Root, "x.docx"));
        Assert.Equal(2, code);
        Assert.Contains("--format", error, StringComparison.Ordinal);

        var junk = Path.Combine(fixture.Root, "junk.lic");
        File.WriteAllBytes(junk, [1, 2, 3]);
        (code, _, error) = SealCommandsTests.Run("license", "file", junk, "--pki", fixture.Pki, "--format", "pdf", "--out", Path.Combine(fixture.Root, "junk.pdf"));
        Assert.Equal(2, code);
        Assert.False(File.Exists(Path.Combine(fixture.Root, "junk.pdf")));
    }

    [Fact]
    public async Task Archive_extend_on_an_ofd_licence_file_adds_the_archive_part_that_seal_verify_reports()
    {
        using var tsa = TsaCommandTests.HttpTsa.Start(fixture.Pki);
        var lic = Issue("archive-ofd.lic");
        var sealedPath = Path.Combine(fixture.Root, "archive-in.ofd");
        var extended = Path.Combine(fixture.Root, "archive-out.ofd");
        var (code, _, error) = SealCommandsTests.Run("license", "file", lic, "--pki", fixture.Pki, "--format", "ofd", "--out", sealedPath);
        Assert.True(code == 0, error);

        var (xcode, xout, xerror) = await Task.Run(() => SealCommandsTests.Run("archive", "extend", sealedPath, "--level", "lta", "--tsa", tsa.Url, "--sm3", "--out", extended, "--pki", fixture.Pki, "--json"));

        Assert.True(xcode == 0, xerror + xout);
        var result = JsonDocument.Parse(xout).RootElement;
        Assert.Equal("B-LTA", result.GetProperty("level").GetString());
        Assert.True(result.GetProperty("crls").GetInt32() > 0);
        var (vcode, vout, verror) = SealCommandsTests.Run("seal", "verify", extended, "--pki", fixture.Pki, "--json");
        Assert.True(vcode == 0, verror + vout);
        var report = JsonDocument.Parse(vout).RootElement;
        Assert.Equal("valid", report.GetProperty("verdict").GetString());
        Assert.True(report.GetProperty("validation_data").GetBoolean());
        Assert.True(report.GetProperty("archive_timestamps")[0].GetProperty("valid").GetBoolean());

        Assert.True(new FileInfo(extended).Length > new FileInfo(sealedPath).Length);

        // The licence itself (neither a sealed PDF nor a sealed OFD) is refused and nothing is written.
        var refused = Path.Combine(fixture.Root, "archive-refused.ofd");
        var (ucode, _, _) = SealCommandsTests.Run("archive", "extend", lic, "--level", "lt", "--out", refused, "--pki", fixture.Pki);
        Assert.NotEqual(0, ucode);
        Assert.False(File.Exists(refused));
    }

    private string Issue(string name)
    {
        var type = LicenceCatalog.Default.Get("BL");
        var fields = type.ExampleFields().Where(f => f.Key is not (LicenceType.HolderIdField or LicenceType.HolderNameField)).Select(f => f.Key + "=" + f.Value).ToArray();
        var file = Path.Combine(fixture.Root, name);
        var (code, _, error) = SealCommandsTests.Run([
            "license", "issue", "--pki", fixture.Pki, "--type", type.Code, "--holder", type.ExampleHolderId,
            "--holder-name", type.ExampleFields()[LicenceType.HolderNameField], "--field", .. fields, "--out", file,
        ]);
        Assert.True(code == 0, error);
        return file;
    }
}
