using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Trust.Core.Licences;

namespace Trust.Cli.Tests;

/// <summary>
/// <c>trust archive pack</c> and <c>trust archive check</c> against a small development PKI: a case of a sealed PDF/A
/// licence file, a sealed OFD licence file and an XML form; the check's exit codes and <c>--json</c> per file.
/// </summary>
public sealed class ArchivePackageCommandTests(SealCliFixture fixture) : IClassFixture<SealCliFixture>
{
    [Fact]
    public void Pack_then_check_passes_all_four_properties_with_the_pki_tsa_by_default()
    {
        var package = Pack("pass", out var packed);

        Assert.Equal(3, packed.GetProperty("documents").GetArrayLength());
        Assert.Equal(JsonValueKind.String, packed.GetProperty("timestamp").ValueKind);
        var (code, output, error) = SealCommandsTests.Run("archive", "check", package, "--pki", fixture.Pki, "--json");

        Assert.True(code == 0, error + output);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("passed", report.GetProperty("verdict").GetString());
        Assert.Equal("TOTAL-PASSED", report.GetProperty("indication").GetString());
        Assert.Equal("case-pass", report.GetProperty("case").GetString());
        Assert.Equal(packed.GetProperty("seal_id").GetString(), report.GetProperty("package_seal").GetProperty("seal_id").GetString());
        Assert.Equal(JsonValueKind.String, report.GetProperty("package_seal").GetProperty("timestamp").ValueKind);
        foreach (var property in new[] { "authenticity", "integrity", "usability", "security" })
        {
            Assert.Equal("passed", report.GetProperty("properties").GetProperty(property).GetProperty("result").GetString());
        }

        var files = report.GetProperty("files").EnumerateArray().ToList();
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "documents/licence.pdf" && f.GetProperty("format").GetString() == "PDF/A-3B" && f.GetProperty("seals").GetInt32() == 1);
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "documents/licence.ofd" && f.GetProperty("role").GetString() == "document");
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "manifest.xml" && f.GetProperty("role").GetString() == "manifest");
    }

    [Fact]
    public void Pack_with_an_http_tsa_asks_it_once()
    {
        using var tsa = TsaCommandTests.HttpTsa.Start(fixture.Pki);

        var package = Pack("http-tsa", out var packed, "--tsa", tsa.Url);

        Assert.Equal(1, tsa.Requests);
        Assert.Equal(0, SealCommandsTests.Run("archive", "check", package, "--pki", fixture.Pki).Code);
        var (code, output, _) = SealCommandsTests.Run("archive", "check", package, "--pki", fixture.Pki, "--archiving-department", "ARC", "--json");
        Assert.Equal(1, code);
        Assert.Contains("archive.package_seal_not_entitled:" + packed.GetProperty("department").GetString(),
            JsonDocument.Parse(output).RootElement.GetProperty("properties").GetProperty("authenticity").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, SealCommandsTests.Run("archive", "check", package, "--pki", fixture.Pki, "--archiving-department", packed.GetProperty("department").GetString()!).Code);
    }

    [Fact]
    public void Check_reports_a_replaced_document_as_integrity_failed_with_exit_1()
    {
        var package = Pack("replaced", out _);
        Rewrite(package, "documents/forms/application.xml", Encoding.UTF8.GetBytes("<Application><Applicant>other</Applicant></Application>"));

        var (code, output, error) = SealCommandsTests.Run("archive", "check", package, "--pki", fixture.Pki, "--json");

        Assert.True(code == 1, error + output);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("failed", report.GetProperty("verdict").GetString());
        Assert.Equal("failed", report.GetProperty("properties").GetProperty("integrity").GetProperty("result").GetString());
        var form = report.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "documents/forms/application.xml");
        Assert.Contains("archive.digest_mismatch", form.GetProperty("integrity").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("passed", form.GetProperty("security").GetProperty("result").GetString());
        var (textCode, text, _) = SealCommandsTests.Run("archive", "check", package, "--pki", fixture.Pki);
        Assert.Equal(1, textCode);
        Assert.Contains("documents/forms/application.xml: integrity failed: archive.digest_mismatch", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_refuses_an_encrypted_pdf_unless_accept_invalid_and_check_fails_security()
    {
        var dir = Case("encrypted");
        var pdf = Path.Combine(dir, "licence.pdf");
        var encrypted = pdf + ".enc";
        var qpdf = Trust.Pdf.Tests.Support.ExternalTools.Run("qpdf", "--encrypt", "", "owner", "256", "--", pdf, encrypted);
        Assert.True(qpdf.ExitCode is 0 or 3, qpdf.Output);
        File.Move(encrypted, pdf, overwrite: true);
        var package = Path.Combine(fixture.Root, "encrypted.zip");

        var (refusedCode, _, refusedError) = SealCommandsTests.Run("archive", "pack", dir, "--out", package, "--pki", fixture.Pki, "--seal", Seal());
        Assert.True(refusedCode == 1, refusedError);
        Assert.Contains("archive.encrypted", refusedError, StringComparison.Ordinal);
        Assert.False(File.Exists(package));
        Assert.Empty(Directory.GetFiles(fixture.Root, "encrypted.zip*"));

        var (code, _, error) = SealCommandsTests.Run("archive", "pack", dir, "--out", package, "--pki", fixture.Pki, "--seal", Seal(), "--accept-invalid");
        Assert.True(code == 0, error);
        var (checkCode, output, _) = SealCommandsTests.Run("archive", "check", package, "--pki", fixture.Pki, "--json");
        Assert.Equal(1, checkCode);
        var file = JsonDocument.Parse(output).RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "documents/licence.pdf");
        Assert.Equal("failed", file.GetProperty("security").GetProperty("result").GetString());
        Assert.Contains("archive.encrypted", file.GetProperty("security").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("passed", file.GetProperty("integrity").GetProperty("result").GetString());
    }

    [Fact]
    public void Check_of_something_that_is_not_a_package_is_exit_2()
    {
        var random = Path.Combine(fixture.Root, "random.zip");
        File.WriteAllBytes(random, [1, 2, 3, 4, 5]);
        var traversal = Path.Combine(fixture.Root, "traversal.zip");
        using (var zip = ZipFile.Open(traversal, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("../../evil.xml").Open();
            s.Write("<a/>"u8);
        }

        Assert.Equal(2, SealCommandsTests.Run("archive", "check", random, "--pki", fixture.Pki).Code);
        var (code, _, error) = SealCommandsTests.Run("archive", "check", traversal, "--pki", fixture.Pki);
        Assert.Equal(2, code);
        Assert.Contains("Unsafe entry name", error, StringComparison.Ordinal);
        Assert.Equal(2, SealCommandsTests.Run("archive", "check", Path.Combine(fixture.Root, "missing.zip"), "--pki", fixture.Pki).Code);
    }

    [Fact]
    public void Pack_bad_input_is_exit_2_and_writes_nothing()
    {
        var dir = Case("bad-input");
        var empty = Directory.CreateDirectory(Path.Combine(fixture.Root, "empty-case")).FullName;
        var output = Path.Combine(fixture.Root, "bad.zip");

        Assert.Equal(2, SealCommandsTests.Run("archive", "pack", Path.Combine(fixture.Root, "no-such-dir"), "--out", output, "--pki", fixture.Pki, "--seal", Seal()).Code);
        Assert.Equal(2, SealCommandsTests.Run("archive", "pack", empty, "--out", output, "--pki", fixture.Pki, "--seal", Seal()).Code);
        Assert.Equal(2, SealCommandsTests.Run("archive", "pack", dir, "--out", Path.Combine(dir, "inside.zip"), "--pki", fixture.Pki, "--seal", Seal()).Code);
        var (code, _, error) = SealCommandsTests.Run("archive", "pack", dir, "--out", output, "--pki", fixture.Pki);
        Assert.Equal(2, code);
        Assert.Contains("archiving department ARC", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private string Pack(string name, out JsonElement result, params string[] extra)
    {
        var dir = Case(name);
        var package = Path.Combine(fixture.Root, name + ".zip");
        var (code, output, error) = SealCommandsTests.Run(["archive", "pack", dir, "--out", package, "--pki", fixture.Pki, "--seal", Seal(), "--case", "case-" + name, "--json", .. extra]);
        Assert.True(code == 0, error + output);
        result = JsonDocument.Parse(output).RootElement;
        return package;
    }

    /// <summary>A case folder: a sealed PDF/A and a sealed OFD licence file (made by 'trust license file') and an XML form.</summary>
    private string Case(string name)
    {
        var dir = Path.Combine(fixture.Root, "case-" + name);
        Directory.CreateDirectory(Path.Combine(dir, "forms"));
        var lic = Issue(Path.Combine(fixture.Root, name + ".lic"));
        foreach (var format in new[] { "pdf", "ofd" })
        {
            var (code, _, error) = SealCommandsTests.Run("license", "file", lic, "--pki", fixture.Pki, "--format", format, "--out", Path.Combine(dir, "licence." + format));
            Assert.True(code == 0, error);
        }

        File.WriteAllText(Path.Combine(dir, "forms", "application.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Application><Service>BL-CHANGE</Service></Application>\n");
        return dir;
    }

    private string Issue(string file)
    {
        var type = LicenceCatalog.Default.Get("BL");
        var fields = type.ExampleFields().Where(f => f.Key is not (LicenceType.HolderIdField or LicenceType.HolderNameField)).Select(f => f.Key + "=" + f.Value).ToArray();
        var (code, _, error) = SealCommandsTests.Run([
            "license", "issue", "--pki", fixture.Pki, "--type", type.Code, "--holder", type.ExampleHolderId,
            "--holder-name", type.ExampleFields()[LicenceType.HolderNameField], "--field", .. fields, "--out", file,
        ]);
        Assert.True(code == 0, error);
        return file;
    }

    private string Seal()
    {
        var (_, output, _) = SealCommandsTests.Run("seal", "list", "--pki", fixture.Pki, "--json");
        return JsonDocument.Parse(output).RootElement.GetProperty("seals").EnumerateArray().First().GetProperty("id").GetString()!;
    }

    private static void Rewrite(string package, string entry, byte[] content)
    {
        using var zip = ZipFile.Open(package, ZipArchiveMode.Update);
        zip.GetEntry(entry)!.Delete();
        using var s = zip.CreateEntry(entry).Open();
        s.Write(content);
    }
}
