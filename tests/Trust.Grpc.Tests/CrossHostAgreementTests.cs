using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Status;
using Trust.Grpc.Security;
using Trust.Grpc.Tests.Seals;
using Trust.Grpc.V1;
using Trust.Pdf;
using Trust.Storage;
using CoreStatus = Trust.Core.Status.LicenceStatus;

namespace Trust.Grpc.Tests;

/// <summary>
/// A server whose development PKI has 45 departments (so district branches exist: index 43 is <c>PSB-01</c>, an RSA
/// department, index 44 <c>SAMR-01</c>, SM2) and eight seals. The CLI runs in-process on the same PKI folder and store.
/// </summary>
public sealed class CrossHostServerProcess : ServerProcess
{
    public CrossHostServerProcess()
        : base(["--Trust:PkiDepartments=45", "--Trust:PkiSeals=8"], new Dictionary<string, string>())
    {
    }
}

/// <summary>
/// The CLI and the server are two thin hosts of one domain: the same artefacts verified through the library, the CLI
/// (<c>--json</c>) and the server (gRPC and the JSON API) give the same verdict and reason codes, and what one host
/// writes (issues, status changes, seal revocations, seal uses) the other sees.
/// </summary>
public sealed class CrossHostAgreementTests : IClassFixture<CrossHostServerProcess>
{
    private readonly CrossHostServerProcess _server;

    public CrossHostAgreementTests(CrossHostServerProcess server) => _server = server;

    // ---- departments -------------------------------------------------------------------------

    [Fact]
    public async Task District_department_psb_01_issues_publishes_its_status_list_and_revokes_over_grpc_and_json()
    {
        var issuer = Licences("PSB-01");
        var issued = await issuer.IssueAsync(TestLicences.Example("PSB-01"));

        Assert.Contains("-PSB01-", issued.LicenceId, StringComparison.Ordinal);
        Assert.Equal("PSB-01", issued.Department);
        Assert.Equal("PSB-01/licences", issued.StatusList);
        Assert.Equal("PSB-01", (await issuer.GetAsync(new GetLicenceRequest { LicenceId = issued.LicenceId })).Department);

        await issuer.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "test" });
        var list = await new StatusService.StatusServiceClient(_server.Channel).GetStatusListAsync(new GetStatusListRequest { Department = "PSB-01" });
        Assert.Equal("PSB-01/licences", list.ListId);
        Assert.Equal(CoreStatus.Revoked, PublishedStatus(list.SignedList, issued.StatusIndex));

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_server.WebPort}/v1/status-lists/PSB-01"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PSB-01/licences", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("listId").GetString());

        // Another department's issuer may not issue for PSB-01.
        var denied = await Assert.ThrowsAsync<RpcException>(() => Licences("PSB").IssueAsync(TestLicences.Example("PSB-01")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task Issue_without_a_department_chooses_the_department_of_the_type_as_the_cli_does()
    {
        var request = TestLicences.Example("");
        var issued = await new LicenceService.LicenceServiceClient(_server.ChannelFor(TrustRoles.Admin)).IssueAsync(request);

        var expected = IssuingDepartmentDirectory.From(DevelopmentPkiManifest.Load(_server.PkiDirectory)).Choose(LicenceCatalog.Default.Get("BL"), null, out _).Code;
        Assert.Equal(expected, issued.Department);
        var cli = Cli(["license", "issue", "--type", "BL", "--holder", request.HolderId, "--holder-name", request.HolderName,
            "--field", .. request.Fields.Where(f => f.Key is not ("holder_name" or "holder_id")).Select(f => $"{f.Key}={f.Value}"), "--out", TempFile(".lic"), "--json"]);
        Assert.Equal(expected, cli.Json.GetProperty("department").GetString());
    }

    [Fact]
    public async Task Cli_and_server_issue_into_one_status_list_and_each_host_sees_the_other_hosts_revocation()
    {
        var server = await Licences("SAMR").IssueAsync(TestLicences.Example("SAMR"));
        var file = TempFile(".lic");
        var cli = CliIssue("SAMR", file);

        Assert.Equal("SAMR/licences", server.StatusList);
        Assert.Equal(server.StatusList, cli.GetProperty("status_list").GetString());
        Assert.NotEqual(server.StatusIndex, cli.GetProperty("status_index").GetInt64());
        Assert.Equal(0, await _server.CountAsync("SELECT COUNT(*) FROM licences WHERE status_list_id <> 'SAMR/licences' AND issuer_department = 'SAMR'"));

        // The CLI revokes the server's licence; the server revokes the CLI's.
        Assert.Equal(0, Cli("license", "revoke", server.LicenceId, "--reason", "cli revokes").ExitCode);
        var cliId = cli.GetProperty("id").GetString()!;
        await Licences("SAMR").RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = cliId, Reason = "server revokes" });

        var verifier = Verifier();
        Assert.Equal("revoked", (await verifier.VerifyAsync(new VerifyLicenceRequest { Licence = server.Licence })).Result.VerdictText);
        var cliVerify = Cli("license", "verify", file, "--json");
        Assert.Equal("revoked", cliVerify.Json.GetProperty("results")[0].GetProperty("verdict").GetString());

        // The one published list carries both revocations.
        var list = await new StatusService.StatusServiceClient(_server.Channel).GetStatusListAsync(new GetStatusListRequest { Department = "SAMR" });
        Assert.Equal(CoreStatus.Revoked, PublishedStatus(list.SignedList, server.StatusIndex));
        Assert.Equal(CoreStatus.Revoked, PublishedStatus(list.SignedList, cli.GetProperty("status_index").GetInt64()));
    }

    [Fact]
    public async Task A_district_licence_issued_by_the_cli_is_managed_by_its_department_on_the_server()
    {
        var cli = CliIssue("PSB-01", TempFile(".lic"));
        var id = cli.GetProperty("id").GetString()!;
        Assert.Equal("PSB-01", cli.GetProperty("department").GetString()); // the canonical code, as the server shows it
        Assert.Equal("PSB01", cli.GetProperty("department_licence_form").GetString()); // the form inside the id and payload
        Assert.Equal("PSB-01/licences", cli.GetProperty("status_list").GetString());

        var denied = await Assert.ThrowsAsync<RpcException>(() => Licences("PSB").SuspendAsync(new ChangeLicenceStatusRequest { LicenceId = id, Reason = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var suspended = await Licences("PSB-01").SuspendAsync(new ChangeLicenceStatusRequest { LicenceId = id, Reason = "district suspends" });
        Assert.Equal(V1.LicenceStatus.Suspended, suspended.Status);
        Assert.Equal("PSB-01", (await Licences("PSB-01").GetAsync(new GetLicenceRequest { LicenceId = id })).Department);
    }

    // ---- licence verdicts ----------------------------------------------------------------------

    [Fact]
    public async Task Licence_verdicts_and_reasons_agree_across_library_cli_grpc_and_json_api()
    {
        var cases = new List<(string Name, byte[] Licence)>();
        foreach (var department in new[] { "SAMR", "PSB", "PSB-01" })
        {
            cases.Add(($"valid {department}", (await Licences(department).IssueAsync(TestLicences.Example(department))).Licence.ToByteArray()));
        }

        var tampered = (await Licences("SAMR").IssueAsync(TestLicences.Example("SAMR"))).Licence.ToByteArray();
        tampered[^5] ^= 0x01;
        cases.Add(("tampered", tampered));

        var expiredRequest = TestLicences.Example("PSB");
        expiredRequest.ValidFrom = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30));
        expiredRequest.ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1));
        cases.Add(("expired", (await Licences("PSB").IssueAsync(expiredRequest)).Licence.ToByteArray()));

        var suspended = await Licences("PSB-01").IssueAsync(TestLicences.Example("PSB-01"));
        Assert.Equal(0, Cli("license", "suspend", suspended.LicenceId, "--reason", "check").ExitCode);
        cases.Add(("suspended (by the cli)", suspended.Licence.ToByteArray()));

        var revoked = await Licences("SAMR-01").IssueAsync(TestLicences.Example("SAMR-01"));
        await Licences("SAMR-01").RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = revoked.LicenceId, Reason = "check" });
        cases.Add(("revoked (by the server)", revoked.Licence.ToByteArray()));

        var verifier = Verifier();
        using var http = WebClient(TrustRoles.Verifier);
        using var store = TrustStores.Open(_server.StoreSpec);
        var library = new LicenceVerifier(Validator(), new StoreStatusSource(store));
        var expected = new Dictionary<string, string>
        {
            ["valid SAMR"] = "valid", ["valid PSB"] = "valid", ["valid PSB-01"] = "valid", ["tampered"] = "invalid",
            ["expired"] = "expired", ["suspended (by the cli)"] = "suspended", ["revoked (by the server)"] = "revoked",
        };
        foreach (var (name, bytes) in cases)
        {
            var lib = await library.VerifyAsync(bytes);
            var file = TempFile(".lic");
            await File.WriteAllBytesAsync(file, bytes);
            var cli = Cli("license", "verify", file, "--json").Json.GetProperty("results")[0];
            var grpc = (await verifier.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.CopyFrom(bytes) })).Result;
            using var post = await http.PostAsJsonAsync(new Uri("/v1/licences:verify", UriKind.Relative), new { licence = Convert.ToBase64String(bytes) });
            var json = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("result");

            Assert.True(expected[name] == lib.VerdictText, $"{name}: library says {lib}");
            Assert.True(lib.VerdictText == cli.GetProperty("verdict").GetString(), $"{name}: cli {cli}");
            Assert.True(lib.VerdictText == grpc.VerdictText, $"{name}: grpc {grpc}");
            Assert.True(lib.VerdictText == json.GetProperty("verdictText").GetString(), $"{name}: json {json}");
            Assert.Equal(lib.Reasons, cli.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList());
            Assert.Equal(lib.Reasons, grpc.Reasons.ToList());
            Assert.Equal(lib.Reasons, json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList());

            // The result model travels too: one indication and sub-indication, the library's.
            var (indication, sub) = (lib.Outcome.Indication.ToText(), lib.Outcome.SubIndication.ToText());
            Assert.Equal(name.StartsWith("valid", StringComparison.Ordinal) ? "TOTAL-PASSED" : "TOTAL-FAILED", indication);
            Assert.Equal(indication, cli.GetProperty("indication").GetString());
            Assert.Equal(sub, cli.GetProperty("sub_indication").GetString());
            Assert.Equal(indication, grpc.Indication);
            Assert.Equal(sub, grpc.SubIndication);
            Assert.Equal(indication, json.GetProperty("indication").GetString());
            Assert.Equal(sub, json.GetProperty("subIndication").GetString());
        }
    }

    // ---- grant verdicts ------------------------------------------------------------------------

    [Fact]
    public async Task Grant_verdicts_and_reasons_agree_across_library_cli_grpc_and_json_api()
    {
        using var kit = new GrantTestKit(_server);
        var holder = GrantTestKit.NewHolderId();
        await kit.IssueLicenceAsync(holder);
        var allowed = (await kit.CreateGrantAsync(holder)).Grant.ToByteArray();
        var expired = (await kit.GrantIssuedAtAsync(holder, DateTimeOffset.UtcNow.AddHours(-3), 30)).Encoded.ToArray();
        var toRevoke = await kit.CreateGrantAsync(holder);

        // Revoked through the CLI; the server must see it.
        var revoke = Cli("grant", "revoke", toRevoke.GrantId, "--reason", "consent withdrawn");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        var cases = new (string Name, byte[] Grant, string Verdict, string? Reason)[]
        {
            ("allowed", allowed, "allowed", null),
            ("expired", expired, "denied", "grant.expired"),
            ("revoked (by the cli)", toRevoke.Grant.ToByteArray(), "denied", "grant.revoked"),
        };

        using var store = TrustStores.Open(_server.StoreSpec);
        var validator = Validator();
        var library = Trust.Application.Grants.GrantChecks.Create(validator, store, new LicenceVerifier(validator, new StoreStatusSource(store)));
        using var http = WebClient(TrustRoles.Verifier);
        var item = GrantTestKit.Item.Code;
        foreach (var (name, grant, verdict, reason) in cases)
        {
            var lib = await library.CheckAsync(new Trust.Core.Grants.GrantCheckRequest(grant, item, new Trust.Core.Grants.ClerkIdentity("clerk-1", "")));
            var file = TempFile(".grant");
            await File.WriteAllBytesAsync(file, grant);
            var cli = Cli("grant", "check", file, "--service", item, "--grantee", "clerk-1", "--json").Json;
            var grpc = await kit.Grants.CheckGrantAsync(GrantTestKit.Check(ByteString.CopyFrom(grant)));
            using var post = await http.PostAsJsonAsync(new Uri("/v1/grants:check", UriKind.Relative), new { grant = Convert.ToBase64String(grant), serviceItem = item, clerk = new { clerkId = "clerk-1" } });
            var json = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;

            Assert.True(verdict == lib.VerdictText, $"{name}: library says {lib.VerdictText} ({string.Join(", ", lib.Reasons)})");
            Assert.True(verdict == cli.GetProperty("verdict").GetString(), $"{name}: cli {cli}");
            Assert.True(verdict == grpc.Verdict, $"{name}: grpc {grpc}");
            Assert.True(verdict == json.GetProperty("verdict").GetString(), $"{name}: json {json}");
            if (reason is not null)
            {
                Assert.Contains(reason, lib.Reasons);
            }

            Assert.Equal(lib.Reasons, cli.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList());
            Assert.Equal(lib.Reasons, grpc.Reasons.ToList());
            Assert.Equal(lib.Reasons, json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList());

            var (indication, sub) = (lib.Outcome.Indication.ToText(), lib.Outcome.SubIndication.ToText());
            Assert.Equal(verdict == "allowed" ? "TOTAL-PASSED" : "TOTAL-FAILED", indication);
            Assert.Equal(indication, cli.GetProperty("indication").GetString());
            Assert.Equal(sub, cli.GetProperty("sub_indication").GetString());
            Assert.Equal(indication, grpc.Indication);
            Assert.Equal(sub, grpc.SubIndication);
            Assert.Equal(indication, json.GetProperty("indication").GetString());
            Assert.Equal(sub, json.GetProperty("subIndication").GetString());
            var libLicences = lib.Licences.ToList();
            Assert.Equal(libLicences.Count, grpc.Licences.Count);
            Assert.Equal(libLicences.Count, cli.GetProperty("licences").GetArrayLength());
            for (var i = 0; i < libLicences.Count; i++)
            {
                // The department is shown by its canonical PKI code, as `license verify --json` shows it.
                var form = libLicences[i].IssuerDepartment;
                Assert.Equal(form is null ? "" : Departments().CanonicalOf(form) ?? form, grpc.Licences[i].Department);
                var libIndication = libLicences[i].Outcome?.Indication.ToText();
                Assert.Equal(libIndication ?? "", grpc.Licences[i].Indication);
                Assert.Equal(libIndication ?? "", json.GetProperty("licences")[i].GetProperty("indication").GetString());
                var cliIndication = cli.GetProperty("licences")[i].GetProperty("indication");
                Assert.Equal(libIndication, cliIndication.ValueKind == JsonValueKind.Null ? null : cliIndication.GetString());
            }
        }
    }

    // ---- seals ---------------------------------------------------------------------------------

    [Fact]
    public async Task Pdf_verdicts_agree_across_library_cli_and_grpc_including_a_seal_revoked_through_the_api()
    {
        var seals = (await SealsAs(TrustRoles.Verifier).ListSealsAsync(new ListSealsRequest())).Seals;
        var good = seals[0];
        var doomed = seals[1];
        var input = TempFile(".pdf");
        await File.WriteAllBytesAsync(input, TestPdfFiles.Create());

        var sealedGood = TempFile(".pdf");
        Assert.Equal(0, Cli("seal", "pdf", "--seal", good.SealId, "--in", input, "--out", sealedGood).ExitCode);
        var sealedDoomed = TempFile(".pdf");
        Assert.Equal(0, Cli("seal", "pdf", "--seal", doomed.SealId, "--in", input, "--out", sealedDoomed).ExitCode);
        var modified = TempFile(".pdf");
        var bytes = await File.ReadAllBytesAsync(sealedGood);
        var at = bytes.Length / 4; // inside the signed byte range (the original document)
        bytes[at] = bytes[at] == (byte)'x' ? (byte)'y' : (byte)'x';
        await File.WriteAllBytesAsync(modified, bytes);

        // Revoked through the API by an admin of the seal's department; the CLI sees it at once.
        var revoked = await SealsAs(TrustRoles.Admin, doomed.Department).RevokeSealAsync(new RevokeSealRequest { SealId = doomed.SealId, Reason = "key compromise" });
        Assert.Equal("revoked", revoked.Status);
        var cliList = Cli("seal", "list", "--json").Json.GetProperty("seals").EnumerateArray().ToList();
        Assert.True(cliList.Single(s => s.GetProperty("id").GetString() == doomed.SealId).GetProperty("revoked").GetBoolean());
        Assert.False(cliList.Single(s => s.GetProperty("id").GetString() == good.SealId).GetProperty("revoked").GetBoolean());
        var refused = Cli("seal", "pdf", "--seal", doomed.SealId, "--in", input, "--out", TempFile(".pdf"));
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("seal.revoked", refused.Error, StringComparison.Ordinal);

        var registry = SealPkiContributor.LoadRegistry(_server.PkiDirectory, DevelopmentPkiManifest.Load(_server.PkiDirectory));
        using var store = TrustStores.Open(_server.StoreSpec);
        var options = new PdfVerificationOptions { CertificateValidator = Validator(), SealRegistry = registry, SealRevocations = await store.GetSealRevocationSnapshotAsync() };
        var expected = new Dictionary<string, string> { [sealedGood] = "valid", [sealedDoomed] = "invalid", [modified] = "invalid" };
        foreach (var (path, verdict) in expected)
        {
            var lib = PdfSealVerifier.Verify(path, options);
            var cli = Cli("seal", "verify", path, "--json").Json;
            var grpc = await SealCalls.VerifyAsync(SealsAs(TrustRoles.Verifier), await File.ReadAllBytesAsync(path));

            Assert.Equal(verdict, PdfText(lib.Verdict));
            Assert.Equal(verdict, cli.GetProperty("verdict").GetString());
            Assert.Equal(verdict, grpc.Verdict);
            Assert.Equal(lib.Reasons, grpc.Reasons.ToList());
            var libSeal = Assert.Single(lib.Seals);
            var cliSeal = Assert.Single(cli.GetProperty("seals").EnumerateArray().ToList());
            var grpcSeal = Assert.Single(grpc.Seals);
            Assert.Equal(libSeal.Reasons, cliSeal.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList());
            Assert.Equal(libSeal.Reasons, grpcSeal.Reasons.ToList());
            Assert.Equal(PdfText(libSeal.Verdict), grpcSeal.Verdict);
            Assert.Equal(libSeal.SealName ?? "", grpcSeal.SealName);
            Assert.Equal(libSeal.Department ?? "", grpcSeal.Department);
            Assert.Equal(libSeal.SealName, cliSeal.GetProperty("seal_name").GetString());

            Assert.Equal(verdict == "valid" ? "TOTAL-PASSED" : "TOTAL-FAILED", lib.Outcome.Indication.ToText());
            Assert.Equal(lib.Outcome.Indication.ToText(), cli.GetProperty("indication").GetString());
            Assert.Equal(lib.Outcome.Indication.ToText(), grpc.Indication);
            Assert.Equal(lib.Outcome.SubIndication.ToText(), cli.GetProperty("sub_indication").GetString());
            Assert.Equal(lib.Outcome.SubIndication.ToText(), grpc.SubIndication);
            Assert.Equal(libSeal.Outcome.Indication.ToText(), cliSeal.GetProperty("indication").GetString());
            Assert.Equal(libSeal.Outcome.Indication.ToText(), grpcSeal.Indication);
            Assert.Equal(libSeal.Outcome.SubIndication.ToText(), cliSeal.GetProperty("sub_indication").GetString());
            Assert.Equal(libSeal.Outcome.SubIndication.ToText(), grpcSeal.SubIndication);
        }

        Assert.Contains("seal.revoked", PdfSealVerifier.Verify(sealedDoomed, options).Seals[0].Reasons);
        Assert.NotEmpty(PdfSealVerifier.Verify(sealedGood, options).Seals[0].SealName!);
    }

    [Fact]
    public async Task A_seal_revoked_by_the_cli_is_refused_by_the_server_and_every_seal_use_is_audited_by_both_hosts()
    {
        var seals = (await SealsAs(TrustRoles.Verifier).ListSealsAsync(new ListSealsRequest())).Seals;
        var seal = seals[2];
        var pdf = TestPdfFiles.Create();
        var input = TempFile(".pdf");
        await File.WriteAllBytesAsync(input, pdf);

        var uses = await AuditCountAsync("seal.use", seal.SealId);
        Assert.Equal(0, Cli("seal", "pdf", "--seal", seal.SealId, "--in", input, "--out", TempFile(".pdf")).ExitCode);
        await SealCalls.SealAsync(SealsAs(TrustRoles.Sealer, seal.Department), new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length }, pdf);
        Assert.Equal(uses + 2, await AuditCountAsync("seal.use", seal.SealId));

        var revoke = Cli("seal", "revoke", seal.SealId, "--reason", "retired", "--json");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.Equal(seal.SealId, revoke.Json.GetProperty("seal_id").GetString());
        Assert.Equal("revoked", revoke.Json.GetProperty("status").GetString());
        Assert.Equal(1, await AuditCountAsync("seal.revoke", seal.SealId));
        Assert.Equal(1, Cli("seal", "revoke", seal.SealId, "--reason", "again").ExitCode);
        Assert.Equal(2, Cli("seal", "revoke", "NO-SUCH-SEAL", "--reason", "x").ExitCode);

        var refused = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(SealsAs(TrustRoles.Sealer, seal.Department), new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length }, pdf));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.True((await SealsAs(TrustRoles.Verifier).ListSealsAsync(new ListSealsRequest())).Seals.Single(s => s.SealId == seal.SealId).Revoked);
        Assert.Equal(uses + 2, await AuditCountAsync("seal.use", seal.SealId));
    }

    [Fact]
    public async Task Revoke_seal_needs_an_admin_of_the_seals_own_department_and_writes_one_audit_entry()
    {
        var seals = (await SealsAs(TrustRoles.Verifier).ListSealsAsync(new ListSealsRequest())).Seals;
        var seal = seals[3];
        var other = seals.First(s => s.Department != seal.Department).Department;
        var request = new RevokeSealRequest { SealId = seal.SealId, Reason = "test" };

        foreach (var client in new[] { SealsAs(TrustRoles.Admin), SealsAs(TrustRoles.Admin, other), SealsAs(TrustRoles.Sealer, seal.Department) })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => client.RevokeSealAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }

        Assert.Equal(0, await AuditCountAsync("seal.revoke", seal.SealId));
        var admin = SealsAs(TrustRoles.Admin, seal.Department);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => admin.RevokeSealAsync(new RevokeSealRequest { SealId = "NO-SUCH", Reason = "x" }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => admin.RevokeSealAsync(new RevokeSealRequest { SealId = seal.SealId }).ResponseAsync)).StatusCode);

        var done = await admin.RevokeSealAsync(request);
        Assert.Equal(seal.Department, done.Department);
        Assert.Equal(1, await AuditCountAsync("seal.revoke", seal.SealId));
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => admin.RevokeSealAsync(request).ResponseAsync)).StatusCode);
        Assert.Equal(1, await AuditCountAsync("seal.revoke", seal.SealId));
    }

    // ---- small server fixes ---------------------------------------------------------------------

    [Fact]
    public async Task Revoking_a_grant_that_was_never_issued_is_not_found_and_audits_nothing()
    {
        var before = await _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'grant.revoke'");
        var grants = new GrantService.GrantServiceClient(_server.ChannelFor(TrustRoles.Verifier));

        var missing = await Assert.ThrowsAsync<RpcException>(() => grants.RevokeGrantAsync(new RevokeGrantRequest { GrantId = Guid.NewGuid().ToString("N"), Reason = "x" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(before, await _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'grant.revoke'"));
    }

    [Fact]
    public async Task The_web_root_redirects_a_browser_to_the_clerk_page()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_server.WebPort}/"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/clerk/", response.Headers.Location?.OriginalString);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private LicenceService.LicenceServiceClient Licences(string department) => new(_server.ChannelFor(TrustRoles.Issuer, department));

    private LicenceService.LicenceServiceClient Verifier() => new(_server.ChannelFor(TrustRoles.Verifier));

    private SealService.SealServiceClient SealsAs(string role, params string[] departments) => new(_server.ChannelFor(role, departments));

    private HttpClient WebClient(string role)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.WebPort}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.MintToken(role));
        return http;
    }

    private Task<long> AuditCountAsync(string action, string subject) =>
        _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a AND subject = @s", ("@a", action), ("@s", subject));

    private string TempFile(string extension)
    {
        var folder = Path.Combine(_server.Directory, "files");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N") + extension);
    }

    private JsonElement CliIssue(string department, string file)
    {
        var request = TestLicences.Example(department);
        var result = Cli(["license", "issue", "--type", request.TypeCode, "--department", department, "--holder", request.HolderId, "--holder-name", request.HolderName,
            "--field", .. request.Fields.Where(f => f.Key is not ("holder_name" or "holder_id")).Select(f => $"{f.Key}={f.Value}"), "--out", file, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    private CliOutcome Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--pki", _server.PkiDirectory, "--store", _server.StoreSpec];
        var code = global::Trust.Cli.Program.Run(all, output, error);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    private IssuingDepartmentDirectory Departments() => IssuingDepartmentDirectory.From(DevelopmentPkiManifest.Load(_server.PkiDirectory));

    private CertificateValidator Validator()
    {
        var manifest = DevelopmentPkiManifest.Load(_server.PkiDirectory);
        var anchors = new List<byte[]>();
        var intermediates = new List<byte[]>();
        var crls = new List<byte[]>();
        foreach (var authority in manifest.Authorities)
        {
            (authority.Issuer is null ? anchors : intermediates).AddRange(CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, authority.Certificate)));
            crls.AddRange(CertificatePem.LoadCrlFile(Path.Combine(_server.PkiDirectory, authority.Crl)));
        }

        return new CertificateValidator(anchors, intermediates, crls);
    }

    private CoreStatus PublishedStatus(ByteString signed, long index)
    {
        Assert.True(StatusList.TryVerify(signed.Memory, Validator(), out var list, out var reason), reason);
        return list!.GetStatus(index);
    }

    private static string PdfText(PdfDocumentVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private sealed record CliOutcome(int ExitCode, string Output, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Output).RootElement;

        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }
}
