using System.Text.Json;

namespace Trust.Cli.Tests;

/// <summary>
/// <c>trust archive renew DIR</c> and <c>trust archive verify-evidence FILE</c> against a real HTTP TSA with the
/// development PKI's <c>tsa-rsa</c> key: one time-stamp for every evidence record of a run, one per sealed PDF, each file
/// checkable alone; dry runs write nothing; bad input is exit 2.
/// </summary>
public sealed class ArchiveRenewCommandTests(SealCliFixture fixture) : IClassFixture<SealCliFixture>
{
    [Fact]
    public async Task Renew_protects_a_folder_with_one_timestamp_and_each_file_verifies_alone()
    {
        using var tsa = TsaCommandTests.HttpTsa.Start(fixture.Pki);
        var dir = Directory.CreateDirectory(Path.Combine(fixture.Root, "renew-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var files = Enumerable.Range(0, 50).Select(i =>
        {
            var path = Path.Combine(dir, $"case-{i:D2}.zip");
            File.WriteAllText(path, $"archival package {i}");
            return path;
        }).ToArray();
        var sealedPdf = Path.Combine(dir, "licence.pdf");
        var (sealCode, _, sealError) = await Task.Run(() => SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("RSA-SHA256"), "--in", SealPdfCommandsTests.WritePdf(fixture.Root, "renew-in.pdf"), "--out", sealedPdf));
        Assert.True(sealCode == 0, sealError);

        var (code, output, error) = await Task.Run(() => SealCommandsTests.Run("archive", "renew", dir, "--tsa", tsa.Url, "--pki", fixture.Pki, "--json"));

        Assert.True(code == 0, error + output);
        var run = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, run.GetProperty("timestamps_requested").GetInt32()); // one for the 50 records, one for the PDF
        Assert.Equal(2, tsa.Requests);
        Assert.Equal(51, run.GetProperty("summary").GetProperty("renewed").GetInt32());
        var pdf = run.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "licence.pdf");
        Assert.Equal(("document_timestamp", "renewed", "document_timestamp"), (pdf.GetProperty("protection").GetString(), pdf.GetProperty("status").GetString(), pdf.GetProperty("action").GetString()));
        var zip = run.GetProperty("files").EnumerateArray().First(f => f.GetProperty("file").GetString() == "case-07.zip");
        Assert.Equal(("evidence_record", "new_evidence_record"), (zip.GetProperty("protection").GetString(), zip.GetProperty("action").GetString()));
        Assert.Equal("evidence.renewal.missing", zip.GetProperty("reasons")[0].GetString());
        foreach (var file in files.Take(5))
        {
            var (verifyCode, report, verifyError) = SealCommandsTests.Run("archive", "verify-evidence", file, "--pki", fixture.Pki, "--json");
            Assert.True(verifyCode == 0, verifyError + report);
            var result = JsonDocument.Parse(report).RootElement;
            Assert.Equal("valid", result.GetProperty("verdict").GetString());
            Assert.Equal("TOTAL-PASSED", result.GetProperty("indication").GetString());
            Assert.Single(result.GetProperty("timestamps").EnumerateArray());
        }

        // A dry run with a window longer than any certificate: everything is due, nothing is written or asked.
        var before = File.ReadAllBytes(files[3] + ".ers");
        (code, output, error) = SealCommandsTests.Run("archive", "renew", dir, "--pki", fixture.Pki, "--before", "36500", "--dry-run", "--json");
        Assert.True(code == 0, error + output);
        var dry = JsonDocument.Parse(output).RootElement;
        Assert.Equal(51, dry.GetProperty("summary").GetProperty("needs_renewal").GetInt32());
        Assert.Equal("timestamp_renewal", dry.GetProperty("files").EnumerateArray().First(f => f.GetProperty("file").GetString() == "case-03.zip").GetProperty("action").GetString());
        Assert.Equal(before, File.ReadAllBytes(files[3] + ".ers"));
        Assert.Equal(2, tsa.Requests);

        // Renewing now with SM3: a hash-tree renewal of every record under one more time-stamp, and one for the PDF.
        (code, output, error) = await Task.Run(() => SealCommandsTests.Run("archive", "renew", dir, "--tsa", tsa.Url, "--pki", fixture.Pki, "--before", "36500", "--hash", "sm3", "--json"));
        Assert.True(code == 0, error + output);
        Assert.Equal(4, tsa.Requests);
        Assert.Equal("hash_tree_renewal", JsonDocument.Parse(output).RootElement.GetProperty("files").EnumerateArray().First(f => f.GetProperty("file").GetString() == "case-03.zip").GetProperty("action").GetString());
        var (againCode, again, againError) = SealCommandsTests.Run("archive", "verify-evidence", files[3], "--pki", fixture.Pki, "--json");
        Assert.True(againCode == 0, againError + again);
        Assert.Equal(["sha256", "sm3"], JsonDocument.Parse(again).RootElement.GetProperty("timestamps").EnumerateArray().Select(t => t.GetProperty("digest").GetString()));

        // A file changed after renewal fails alone, and renew reports it (exit 1) without renewing it.
        File.AppendAllText(files[9], "!");
        var (changedCode, changed, _) = SealCommandsTests.Run("archive", "verify-evidence", files[9], "--pki", fixture.Pki, "--json");
        Assert.Equal(1, changedCode);
        Assert.Equal("invalid", JsonDocument.Parse(changed).RootElement.GetProperty("verdict").GetString());
        Assert.Contains("evidence.hash_tree_mismatch", JsonDocument.Parse(changed).RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        (code, output, _) = SealCommandsTests.Run("archive", "renew", dir, "--pki", fixture.Pki, "--dry-run", "--json");
        Assert.Equal(1, code);
        var broken = JsonDocument.Parse(output).RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "case-09.zip");
        Assert.Equal("error", broken.GetProperty("status").GetString());
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }

    [Fact]
    public void Bad_input_is_exit_2_and_a_malformed_record_is_exit_1()
    {
        var dir = Directory.CreateDirectory(Path.Combine(fixture.Root, "renew-bad")).FullName;
        var file = Path.Combine(dir, "a.xml");
        File.WriteAllText(file, "<a/>");

        Assert.Equal(2, SealCommandsTests.Run("archive", "renew", Path.Combine(dir, "missing"), "--pki", fixture.Pki, "--dry-run").Code);
        var (code, _, error) = SealCommandsTests.Run("archive", "renew", dir, "--pki", fixture.Pki, "--hash", "md5", "--dry-run");
        Assert.True(code == 2 && error.Contains("--hash md5", StringComparison.Ordinal), error);
        (code, _, error) = SealCommandsTests.Run("archive", "renew", dir, "--pki", fixture.Pki, "--before", "-1", "--dry-run");
        Assert.True(code == 2 && error.Contains("--before", StringComparison.Ordinal), error);
        (code, _, error) = SealCommandsTests.Run("archive", "renew", dir, "--pki", fixture.Pki);
        Assert.True(code == 2 && error.Contains("--tsa", StringComparison.Ordinal), error);
        (code, _, error) = SealCommandsTests.Run("archive", "verify-evidence", file, "--pki", fixture.Pki);
        Assert.True(code == 2 && error.Contains("--ers", StringComparison.Ordinal), error);

        File.WriteAllBytes(file + ".ers", [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 37))]);
        var (malformedCode, output, _) = SealCommandsTests.Run("archive", "verify-evidence", file, "--pki", fixture.Pki, "--json");
        Assert.Equal(1, malformedCode);
        Assert.StartsWith("evidence.malformed", JsonDocument.Parse(output).RootElement.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }

    private string Seal(string algorithm)
    {
        var (_, output, _) = SealCommandsTests.Run("seal", "list", "--pki", fixture.Pki, "--json");
        return JsonDocument.Parse(output).RootElement.GetProperty("seals").EnumerateArray()
            .First(s => s.GetProperty("algorithm").GetString() == algorithm).GetProperty("id").GetString()!;
    }
}
