using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Documents;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Pdf;
using Trust.Storage;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// trust.v1.LicenceFileService (and its JSON route) against a real server with development seals: the issuing
/// department and clerks with a covering grant get a sealed file that <see cref="LicenceFileVerifier"/> finds valid;
/// everyone else is refused; a revoked licence gets no file.
/// </summary>
public sealed class LicenceFileEndToEndTests : IClassFixture<SealServerProcess>, IDisposable
{
    private readonly SealServerProcess _server;
    private readonly GrantTestKit _kit;

    public LicenceFileEndToEndTests(SealServerProcess server)
    {
        _server = server;
        _kit = new GrantTestKit(server);
    }

    public void Dispose() => _kit.Dispose();

    private LicenceFileService.LicenceFileServiceClient FilesAs(string role, params string[] departments) => new(_server.ChannelFor(role, departments));

    [Fact]
    public async Task Issuing_department_gets_pdf_and_ofd_files_that_verify_valid_and_each_seal_use_is_audited()
    {
        var licence = await _kit.IssueLicenceAsync(GrantTestKit.NewHolderId());
        var files = FilesAs(TrustRoles.Issuer, _kit.Department);
        foreach (var format in new[] { "pdf", "ofd" })
        {
            var usesBefore = await CountLicenceFileUsesAsync();
            var file = await files.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = format });

            Assert.Equal(format, file.Format);
            Assert.Equal(licence.LicenceId, file.LicenceId);
            Assert.Equal($"{licence.LicenceId}.{format}", file.FileName);
            Assert.Equal(file.File.Length, file.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.File.Span)), file.Sha256);
            Assert.Equal(format == "pdf" ? LicenceFileFormat.Pdf : LicenceFileFormat.Ofd, LicenceFileFormats.Detect(file.File.Span));
            var report = await VerifyAsync(file.File.ToByteArray());
            Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
            Assert.Equal(licence.LicenceId, report.Licence.Id);
            Assert.True(report.Licence.MatchesPage);
            Assert.Equal(file.SealId, Assert.Single(report.Seals).SealId);
            Assert.Equal(usesBefore + 1, await CountLicenceFileUsesAsync());
        }

        // An admin of the department too; the JSON route answers the same call.
        var admin = await FilesAs(TrustRoles.Admin, _kit.Department).GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "pdf" });
        Assert.True(admin.File.Length > 0);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.MintToken(TrustRoles.Issuer, _kit.Department));
        using var response = await http.PostAsync(
            new Uri($"http://127.0.0.1:{_server.WebPort}/v1/licences/{licence.LicenceId}:file"),
            new StringContent("""{"format":"ofd"}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var bytes = Convert.FromBase64String(json.RootElement.GetProperty("file").GetString()!);
        Assert.Equal(json.RootElement.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(PdfDocumentVerdict.Valid, (await VerifyAsync(bytes)).Verdict);

        using var bad = await http.PostAsync(
            new Uri($"http://127.0.0.1:{_server.WebPort}/v1/licences/{licence.LicenceId}:file"),
            new StringContent("""{"format":"docx"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Clerk_gets_the_file_only_with_its_own_grant_that_covers_the_licence()
    {
        var holder = GrantTestKit.NewHolderId();
        var licence = await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder, clerk: "clerk-f");
        var clerk = new LicenceFileService.LicenceFileServiceClient(_server.ChannelWithToken(_kit.ClerkToken("clerk-f", _kit.Department)));

        var file = await clerk.GetLicenceFileAsync(new GetLicenceFileRequest
        {
            LicenceId = licence.LicenceId, Format = "ofd", QrText = grant.QrText, ServiceItem = GrantTestKit.Item.Code,
        });
        Assert.Equal(PdfDocumentVerdict.Valid, (await VerifyAsync(file.File.ToByteArray())).Verdict);
        var byShortCode = await clerk.GetLicenceFileAsync(new GetLicenceFileRequest
        {
            LicenceId = licence.LicenceId, Format = "pdf", ShortCode = grant.ShortCode, ServiceItem = GrantTestKit.Item.Code,
        });
        Assert.Equal(LicenceFileFormat.Pdf, LicenceFileFormats.Detect(byShortCode.File.Span));

        var deniedBefore = await CountAsync("access.denied");
        var usesBefore = await CountLicenceFileUsesAsync();

        // No grant.
        await AssertDeniedAsync(() => clerk.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "pdf" }).ResponseAsync);

        // Another holder's grant (allowed for this clerk, but it does not cover this licence).
        var otherHolder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(otherHolder);
        var otherGrant = await _kit.CreateGrantAsync(otherHolder, clerk: "clerk-f");
        await AssertDeniedAsync(() => clerk.GetLicenceFileAsync(new GetLicenceFileRequest
        {
            LicenceId = licence.LicenceId, Format = "pdf", Grant = otherGrant.Grant, ServiceItem = GrantTestKit.Item.Code,
        }).ResponseAsync);

        // The right grant presented by another clerk.
        var mallory = new LicenceFileService.LicenceFileServiceClient(_server.ChannelWithToken(_kit.ClerkToken("clerk-m", _kit.Department)));
        await AssertDeniedAsync(() => mallory.GetLicenceFileAsync(new GetLicenceFileRequest
        {
            LicenceId = licence.LicenceId, Format = "pdf", Grant = grant.Grant, ServiceItem = GrantTestKit.Item.Code,
        }).ResponseAsync);

        // Other roles without the department: another department's issuer, a verifier, a sealer.
        var otherDepartment = _server.Departments.First(d => d != _kit.Department);
        await AssertDeniedAsync(() => FilesAs(TrustRoles.Issuer, otherDepartment).GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "pdf" }).ResponseAsync);
        await AssertDeniedAsync(() => FilesAs(TrustRoles.Verifier).GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "pdf" }).ResponseAsync);
        await AssertDeniedAsync(() => FilesAs(TrustRoles.Sealer, _kit.Department).GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "pdf" }).ResponseAsync);

        var anonymous = new LicenceFileService.LicenceFileServiceClient(_server.Channel);
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => anonymous.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "pdf" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);

        Assert.True(await CountAsync("access.denied") >= deniedBefore + 6);
        Assert.Equal(usesBefore, await CountLicenceFileUsesAsync()); // no refused call used a seal
    }

    [Fact]
    public async Task Revoked_licence_is_failed_precondition_unknown_is_not_found_bad_requests_are_invalid_argument()
    {
        var licence = await _kit.IssueLicenceAsync(GrantTestKit.NewHolderId());
        var files = FilesAs(TrustRoles.Issuer, _kit.Department);
        await _kit.Licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = licence.LicenceId, Reason = "test: revoked" });
        var usesBefore = await CountLicenceFileUsesAsync();

        var revoked = await Assert.ThrowsAsync<RpcException>(() => files.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "pdf" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, revoked.StatusCode);
        Assert.Contains("revoked", revoked.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(usesBefore, await CountLicenceFileUsesAsync());

        var id = LicenceId.Parse(licence.LicenceId);
        var unknownId = LicenceId.Format(id.TypeCode, id.Department, id.Year, 999_999_999_999);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => files.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = unknownId, Format = "pdf" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var valid = await _kit.IssueLicenceAsync(GrantTestKit.NewHolderId());
        foreach (var (request, field) in new[]
        {
            (new GetLicenceFileRequest { LicenceId = valid.LicenceId, Format = "docx" }, "format:"),
            (new GetLicenceFileRequest { LicenceId = valid.LicenceId }, "format:"),
            (new GetLicenceFileRequest { Format = "pdf" }, "licence_id:"),
            (new GetLicenceFileRequest { LicenceId = "not-a-licence", Format = "pdf" }, "licence_id:"),
        })
        {
            var invalid = await Assert.ThrowsAsync<RpcException>(() => files.GetLicenceFileAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
            Assert.StartsWith(field, invalid.Status.Detail, StringComparison.Ordinal);
        }

        var noSeal = await Assert.ThrowsAsync<RpcException>(() => files.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = valid.LicenceId, Format = "pdf", SealId = "NO-SUCH-SEAL" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, noSeal.StatusCode);
    }

    [Fact]
    public async Task Hostile_requests_get_a_clear_refusal_and_never_a_file_or_an_internal_error()
    {
        var licence = await _kit.IssueLicenceAsync(GrantTestKit.NewHolderId());
        var clerk = new LicenceFileService.LicenceFileServiceClient(_server.ChannelWithToken(_kit.ClerkToken("clerk-h", _kit.Department)));
        var issuer = FilesAs(TrustRoles.Issuer, _kit.Department);
        var random = new Random(17);
        var usesBefore = await CountLicenceFileUsesAsync();
        string Text(int max) => new([.. Enumerable.Range(0, random.Next(max)).Select(_ => (char)random.Next(1, 0x3000))]);
        for (var i = 0; i < 40; i++)
        {
            var request = new GetLicenceFileRequest
            {
                LicenceId = i % 3 == 0 ? licence.LicenceId : Text(60),
                Format = i % 4 == 0 ? "pdf" : Text(8),
                SealId = i % 5 == 0 ? Text(400) : "",
                ServiceItem = i % 2 == 0 ? GrantTestKit.Item.Code : Text(20),
            };
            switch (i % 4)
            {
                case 0:
                    request.Grant = Google.Protobuf.ByteString.CopyFrom([.. Enumerable.Range(0, random.Next(1, 2000)).Select(_ => (byte)random.Next(256))]);
                    break;
                case 1:
                    request.QrText = "TG1:" + Text(300);
                    break;
                case 2:
                    request.ShortCode = Text(12);
                    break;
            }

            var refused = await Assert.ThrowsAsync<RpcException>(() => (i % 2 == 0 ? clerk : issuer).GetLicenceFileAsync(request).ResponseAsync);
            Assert.Contains(refused.StatusCode, new[] { StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.PermissionDenied });
        }

        Assert.Equal(usesBefore, await CountLicenceFileUsesAsync());
    }

    private static async Task AssertDeniedAsync(Func<Task> call)
    {
        var denied = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    private async Task<LicenceFileReport> VerifyAsync(byte[] file)
    {
        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, "ca", "trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, "ca", "intermediates.pem")),
            CertificatePem.LoadCrlFile(Path.Combine(_server.PkiDirectory, "crl", "all.pem")));
        await using var store = await TrustStores.OpenAsync(_server.StoreSpec);
        return await LicenceFileVerifier.VerifyAsync(file, new LicenceFileVerificationOptions
        {
            Licences = new LicenceVerifier(validator, new StoreStatusSource(store)),
            CertificateValidator = validator,
        });
    }

    private Task<long> CountLicenceFileUsesAsync() =>
        _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'seal.use' AND details LIKE '%licence-file%'");

    private Task<long> CountAsync(string action) =>
        _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a", ("@a", action));
}
