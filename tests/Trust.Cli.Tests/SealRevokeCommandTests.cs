using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Trust.Cli.Tests;

/// <summary>
/// <c>trust seal revoke</c> and what every other seal command makes of a revocation in the store (its own PKI: the
/// tests here revoke seals). Also the <c>seal.use</c> audit entry of <c>trust seal pdf</c> and the status list of
/// <c>trust license issue --json</c>.
/// </summary>
public sealed class SealRevokeCommandTests(SealCliFixture fixture) : IClassFixture<SealCliFixture>
{
    [Fact]
    public void Seal_revoke_records_revocation_and_audit_entry_then_list_pdf_and_verify_all_report_the_seal_revoked()
    {
        var seal = Seals()[0].GetProperty("id").GetString()!;
        var other = Seals()[1].GetProperty("id").GetString()!;
        var before = Path.Combine(fixture.Root, "before-revoke.pdf");
        Assert.Equal(0, Run("seal", "pdf", "--seal", seal, "--in", SealPdfCommandsTests.WritePdf(fixture.Root, "r1.pdf"), "--out", before).Code);
        Assert.Equal(0, Json(Run("seal", "verify", before, "--json")).GetProperty("verdict").GetString() == "valid" ? 0 : 1);

        var (code, output, error) = Run("seal", "revoke", seal, "--reason", "key compromise", "--json");

        Assert.True(code == 0, error);
        var json = Json((code, output, error));
        Assert.Equal(seal, json.GetProperty("seal_id").GetString());
        Assert.Equal("revoked", json.GetProperty("status").GetString());
        Assert.Equal(1, AuditCount("seal.revoke", seal));

        var listed = Seals();
        Assert.True(listed.Single(s => s.GetProperty("id").GetString() == seal).GetProperty("revoked").GetBoolean());
        Assert.False(listed.Single(s => s.GetProperty("id").GetString() == other).GetProperty("revoked").GetBoolean());

        var refused = Run("seal", "pdf", "--seal", seal, "--in", SealPdfCommandsTests.WritePdf(fixture.Root, "r2.pdf"), "--out", Path.Combine(fixture.Root, "r2-sealed.pdf"));
        Assert.Equal(1, refused.Code);
        Assert.Contains("seal.revoked", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Root, "r2-sealed.pdf")));

        var verify = Run("seal", "verify", before, "--json");
        Assert.Equal(1, verify.Code);
        var report = Json(verify);
        Assert.Equal("invalid", report.GetProperty("verdict").GetString());
        Assert.Contains("seal.revoked", report.GetProperty("seals")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        var signFile = Run("seal", "sign-file", "--seal", seal, "--in", before, "--out", Path.Combine(fixture.Root, "r.ses"));
        Assert.Equal(1, signFile.Code);

        // Revocation is final; an unknown seal or a bad reason is bad input, and none of it is audited.
        Assert.Equal(1, Run("seal", "revoke", seal, "--reason", "again").Code);
        Assert.Equal(2, Run("seal", "revoke", "NO-SUCH-SEAL", "--reason", "x").Code);
        Assert.Equal(2, Run("seal", "revoke", other, "--reason", new string('r', 501)).Code);
        Assert.Equal(2, Run("seal", "revoke", other, "--reason", "   ").Code);
        Assert.Equal(2, Run("seal", "revoke", new string('\u0000', 3), "--reason", "x").Code);
        Assert.Equal(1, AuditCount("seal.revoke", seal));
        Assert.Equal(0, AuditCount("seal.revoke", other));
    }

    [Fact]
    public async Task Sign_file_with_a_seal_revoked_in_the_store_by_another_host_exits_1_and_writes_nothing()
    {
        var seal = Seals()[^1].GetProperty("id").GetString()!;
        var input = SealPdfCommandsTests.WritePdf(fixture.Root, "sign-file-input.pdf");
        var output = Path.Combine(fixture.Root, "sign-file-revoked.ses");

        // Revoked straight in the store, as the server does: no 'trust seal revoke' involved.
        await using (var store = await Trust.Storage.TrustStores.OpenAsync(Trust.Storage.TrustStores.Sqlite(Path.Combine(fixture.Pki, "trust.db"))))
        {
            Assert.NotNull(await store.RevokeSealWithAuditAsync(new Trust.Core.Storage.SealRevocation(seal, DateTimeOffset.UtcNow, "revoked by the server"), "grpc-admin", "{}"));
        }

        var result = Run("seal", "sign-file", "--seal", seal, "--in", input, "--out", output);

        Assert.Equal(1, result.Code);
        Assert.Contains("seal.revoked", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Seal_pdf_appends_one_seal_use_audit_entry_with_the_hashes_of_both_documents()
    {
        var seal = Seals()[2].GetProperty("id").GetString()!;
        var before = AuditCount("seal.use", seal);
        var input = SealPdfCommandsTests.WritePdf(fixture.Root, "use.pdf");
        var output = Path.Combine(fixture.Root, "use-sealed.pdf");

        Assert.Equal(0, Run("seal", "pdf", "--seal", seal, "--in", input, "--out", output).Code);

        Assert.Equal(before + 1, AuditCount("seal.use", seal));
        using var details = JsonDocument.Parse((string)Scalar("SELECT details FROM audit_log WHERE action = 'seal.use' AND subject = @s ORDER BY seq DESC LIMIT 1", seal)!);
        Assert.Equal(Hash(input), details.RootElement.GetProperty("input_sha256").GetString());
        Assert.Equal(Hash(output), details.RootElement.GetProperty("output_sha256").GetString());
        Assert.Equal(new FileInfo(output).Length, details.RootElement.GetProperty("output_bytes").GetInt64());

        // A refused use (bad page) writes no entry.
        Assert.NotEqual(0, Run("seal", "pdf", "--seal", seal, "--in", input, "--out", Path.Combine(fixture.Root, "use-bad.pdf"), "--page", "0").Code);
        Assert.Equal(before + 1, AuditCount("seal.use", seal));
    }

    [Fact]
    public void License_issue_json_names_the_departments_status_list_and_the_licences_index()
    {
        var first = IssueJson();
        var second = IssueJson();

        Assert.Equal("SAMR/licences", first.GetProperty("status_list").GetString());
        Assert.Equal(first.GetProperty("status_list").GetString(), second.GetProperty("status_list").GetString());
        Assert.Equal(first.GetProperty("status_index").GetInt64() + 1, second.GetProperty("status_index").GetInt64());
    }

    private JsonElement IssueJson()
    {
        var type = Trust.Core.Licences.LicenceCatalog.Default.Get("BL");
        var fields = type.ExampleFields().Where(f => f.Key != Trust.Core.Licences.LicenceType.HolderNameField).Select(f => $"{f.Key}={f.Value}");
        var result = Run(["license", "issue", "--type", "BL", "--holder", type.ExampleHolderId, "--holder-name", "示例公司",
            "--field", .. fields, "--out", Path.Combine(fixture.Root, Guid.NewGuid().ToString("N") + ".lic"), "--json"]);
        Assert.True(result.Code == 0, result.Error);
        return Json(result);
    }

    private List<JsonElement> Seals() => Json(Run("seal", "list", "--json")).GetProperty("seals").EnumerateArray().ToList();

    private (int Code, string Output, string Error) Run(params string[] args) => SealCommandsTests.Run([.. args, "--pki", fixture.Pki]);

    private static JsonElement Json((int Code, string Output, string Error) result) => JsonDocument.Parse(result.Output).RootElement;

    private static string Hash(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private long AuditCount(string action, string subject) =>
        Convert.ToInt64(Scalar("SELECT COUNT(*) FROM audit_log WHERE action = @a AND subject = @s", subject, action), System.Globalization.CultureInfo.InvariantCulture);

    private object? Scalar(string sql, string subject, string? action = null)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.Pki, "trust.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@s", subject);
        if (action is not null)
        {
            command.Parameters.AddWithValue("@a", action);
        }

        return command.ExecuteScalar();
    }
}
