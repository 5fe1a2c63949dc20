using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Trust.Core.Pki;
using Trust.Core.Storage;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Pdf;
using Trust.Storage;

namespace Trust.Grpc.Tests.Seals;

/// <summary>trust.v1.SealService against a real server process with four development seals (see <see cref="SealServerProcess"/>).</summary>
public sealed class SealServiceEndToEndTests : IClassFixture<SealServerProcess>
{
    private readonly SealServerProcess _server;
    private readonly SealService.SealServiceClient _seals;

    public SealServiceEndToEndTests(SealServerProcess server)
    {
        _server = server;
        _seals = new SealService.SealServiceClient(server.ChannelFor(TrustRoles.Verifier));
    }

    [Fact]
    public async Task List_seals_lists_the_pki_seals_filters_by_department_and_answers_get_v1_seals_as_json()
    {
        var all = await _seals.ListSealsAsync(new ListSealsRequest());
        Assert.Equal(4, all.Seals.Count);
        Assert.All(all.Seals, s => Assert.Contains(s.Algorithm, new[] { "SM2-SM3", "RSA-SHA256" }));

        var department = all.Seals[0].Department;
        var mine = await _seals.ListSealsAsync(new ListSealsRequest { Department = department });
        Assert.NotEmpty(mine.Seals);
        Assert.All(mine.Seals, s => Assert.Equal(department, s.Department));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => _seals.ListSealsAsync(new ListSealsRequest { Department = "NO-SUCH" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.StartsWith("department:", unknown.Status.Detail, StringComparison.Ordinal);

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.MintToken(TrustRoles.Verifier));
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{_server.WebPort}/v1/seals?department={department}")));
        var seals = json.RootElement.GetProperty("seals");
        Assert.Equal(mine.Seals.Count, seals.GetArrayLength());
        Assert.Equal(mine.Seals[0].SealId, seals[0].GetProperty("sealId").GetString());
    }

    [Fact]
    public async Task Rsa_seal_over_grpc_in_16_KiB_chunks_verifies_over_grpc_with_the_library_and_with_pdfsig()
    {
        var seal = await SealWithAsync("RSA-SHA256");
        var pdf = TestPdfFiles.Create(paddingBytes: 300 * 1024);
        var auditBefore = await SealUsesAsync(seal.SealId);

        var (result, sealedPdf) = await SealCalls.SealAsync(Sealer(seal), new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length, Reason = "archive" }, pdf);

        Assert.Equal(seal.SealId, result.SealId);
        Assert.Equal(seal.Department, result.Department);
        Assert.Equal(sealedPdf.Length, result.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sealedPdf)), result.Sha256);
        Assert.Equal(pdf, sealedPdf[..pdf.Length]); // an incremental update: the original bytes are untouched

        var overGrpc = await SealCalls.VerifyAsync(_seals, sealedPdf);
        Assert.Equal("valid", overGrpc.Verdict);
        var verified = Assert.Single(overGrpc.Seals);
        Assert.Equal(seal.SealId, verified.SealId);
        Assert.Equal(seal.Department, verified.Department);
        Assert.Equal("RSA-SHA256", verified.Algorithm);
        Assert.Equal("valid", verified.Integrity);
        Assert.Equal("trusted", verified.Certificate);
        Assert.True(verified.CoversWholeDocument);
        Assert.Equal(result.Field, verified.Field);

        var report = PdfSealVerifier.Verify(new MemoryStream(sealedPdf), new PdfVerificationOptions { CertificateValidator = Validator() });
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(seal.SealId, Assert.Single(report.Seals).SealId);
        Assert.Equal(PdfLevels.Timestamped, report.Seals[0].Level); // the server's own TSA stamps every seal (PAdES B-T)

        var file = Path.Combine(_server.Directory, "rsa-sealed.pdf");
        await File.WriteAllBytesAsync(file, sealedPdf);
        var pdfsig = RunPdfsig(file);
        Assert.Contains("Signature is Valid.", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Total document signed", pdfsig, StringComparison.Ordinal);

        var uses = await SealUsesAsync(seal.SealId);
        var use = Assert.Single(uses.Skip(auditBefore.Count));
        using var details = JsonDocument.Parse(use.Details);
        Assert.Equal(result.Sha256, details.RootElement.GetProperty("output_sha256").GetString());
        Assert.Equal(pdf.Length, details.RootElement.GetProperty("input_bytes").GetInt64());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Sm2_seal_over_grpc_verifies_and_a_second_seal_keeps_the_first_valid()
    {
        var sm2 = await SealWithAsync("SM2-SM3");
        var rsa = await SealWithAsync("RSA-SHA256");
        var pdf = TestPdfFiles.Create(paddingBytes: 40 * 1024);

        var (first, once) = await SealCalls.SealAsync(Sealer(sm2), new SealPdfHeader { SealId = sm2.SealId, Size = pdf.Length }, pdf);
        var (second, twice) = await SealCalls.SealAsync(Sealer(rsa), new SealPdfHeader { SealId = rsa.SealId, Page = 1, XMm = 120, YMm = 40 }, once, chunkBytes: 7 * 1024);

        Assert.Equal("SM2-SM3", first.Algorithm);
        Assert.NotEqual(first.Field, second.Field);
        var report = await SealCalls.VerifyAsync(_seals, twice);
        Assert.Equal("valid", report.Verdict);
        Assert.Equal(2, report.Seals.Count);
        Assert.Equal(3, report.Revisions); // the original and one incremental update per seal
        Assert.Equal(new[] { sm2.SealId, rsa.SealId }.Order(), report.Seals.Select(s => s.SealId).Order());
        Assert.All(report.Seals, s => Assert.Equal("valid", s.Verdict));
    }

    [Fact]
    public async Task Only_a_sealer_of_the_seals_department_may_seal_others_are_refused_and_nothing_is_audited_as_a_seal_use()
    {
        var seal = await SealWithAsync("RSA-SHA256");
        var otherDepartment = _server.Departments.First(d => d != seal.Department);
        var pdf = TestPdfFiles.Create();
        var header = new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length };
        var usesBefore = await SealUsesAsync(seal.SealId);
        var deniedBefore = await AuditAsync("access.denied");

        var otherSealer = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(otherDepartment), header, pdf));
        Assert.Equal(StatusCode.PermissionDenied, otherSealer.StatusCode);
        Assert.Contains(seal.Department, otherSealer.Status.Detail, StringComparison.Ordinal);

        // Administering the server does not make an operator a signatory of every department.
        var admin = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Admin)), header, pdf));
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);

        // A verifier may list and verify, not seal; an anonymous caller may do nothing.
        var verifier = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(_seals, header, pdf));
        Assert.Equal(StatusCode.PermissionDenied, verifier.StatusCode);
        var anonymous = new SealService.SealServiceClient(_server.Channel);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(anonymous, header, pdf))).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => anonymous.ListSealsAsync(new ListSealsRequest()).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => SealCalls.VerifyAsync(anonymous, pdf))).StatusCode);

        Assert.Equal(usesBefore.Count, (await SealUsesAsync(seal.SealId)).Count);
        var denied = (await AuditAsync("access.denied")).Skip(deniedBefore.Count).ToList();
        Assert.Contains(denied, e => e.Actor == $"test-sealer-{otherDepartment}" && e.Details.Contains(seal.Department, StringComparison.Ordinal));
        Assert.Contains(denied, e => e.Actor == "test-admin-");
        Assert.Empty(SpoolFiles());

        // The department's own sealer may.
        var (result, _) = await SealCalls.SealAsync(Sealer(seal), header, pdf);
        Assert.Equal(seal.SealId, result.SealId);
        var use = Assert.Single((await SealUsesAsync(seal.SealId)).Skip(usesBefore.Count));
        Assert.Equal($"test-sealer-{seal.Department}", use.Actor);
    }

    [Fact]
    public async Task Unknown_seal_is_not_found_and_a_revoked_seal_is_refused_listed_as_revoked_and_its_seals_verify_invalid()
    {
        var pdf = TestPdfFiles.Create();
        var unknown = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(_server.Departments[0]), new SealPdfHeader { SealId = "NO-SUCH-SEAL", Size = pdf.Length }, pdf));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("header.seal_id:", unknown.Status.Detail, StringComparison.Ordinal);

        // The last seal is kept for this test: no other test uses it.
        var victim = (await _seals.ListSealsAsync(new ListSealsRequest())).Seals[^1];
        var (_, sealedBefore) = await SealCalls.SealAsync(Sealer(victim), new SealPdfHeader { SealId = victim.SealId }, pdf);
        Assert.Equal("valid", (await SealCalls.VerifyAsync(_seals, sealedBefore)).Verdict);
        var usesBefore = await SealUsesAsync(victim.SealId);
        await using (var store = await OpenStoreAsync())
        {
            await store.RevokeSealAsync(new SealRevocation(victim.SealId, DateTimeOffset.UtcNow, "test: key compromise"));
        }

        var revoked = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(victim), new SealPdfHeader { SealId = victim.SealId, Size = pdf.Length }, pdf));
        Assert.Equal(StatusCode.FailedPrecondition, revoked.StatusCode);
        Assert.Contains("revoked", revoked.Status.Detail, StringComparison.Ordinal);
        Assert.True((await _seals.ListSealsAsync(new ListSealsRequest())).Seals.Single(s => s.SealId == victim.SealId).Revoked);
        Assert.Equal(usesBefore.Count, (await SealUsesAsync(victim.SealId)).Count);

        // As for SES_Signatures over files: a revoked seal's signatures no longer verify.
        var after = await SealCalls.VerifyAsync(_seals, sealedBefore);
        Assert.Equal("invalid", after.Verdict);
        Assert.Contains("seal.revoked", Assert.Single(after.Seals).Reasons);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Bad_headers_are_invalid_arguments_naming_the_field()
    {
        var seal = await SealWithAsync("RSA-SHA256");
        var pdf = TestPdfFiles.Create();
        async Task<RpcException> Refused(SealPdfHeader header) =>
            await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(seal), header, pdf));

        Assert.StartsWith("header.seal_id: required", (await Refused(new SealPdfHeader { Size = pdf.Length })).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("header.page:", (await Refused(new SealPdfHeader { SealId = seal.SealId, Page = -1 })).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("header.x_mm:", (await Refused(new SealPdfHeader { SealId = seal.SealId, XMm = double.NaN })).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("header.size:", (await Refused(new SealPdfHeader { SealId = seal.SealId, Size = -5 })).Status.Detail, StringComparison.Ordinal);
        var pageTooFar = await Refused(new SealPdfHeader { SealId = seal.SealId, Page = 9 });
        Assert.Equal(StatusCode.InvalidArgument, pageTooFar.StatusCode);

        // Declared more than sent: the upload is incomplete.
        var truncated = await Refused(new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length + 10 });
        Assert.Equal(StatusCode.InvalidArgument, truncated.StatusCode);
        Assert.StartsWith("header.size:", truncated.Status.Detail, StringComparison.Ordinal);

        // Not a PDF at all.
        var notPdf = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(seal), new SealPdfHeader { SealId = seal.SealId }, new byte[5000]));
        Assert.Equal(StatusCode.InvalidArgument, notPdf.StatusCode);

        // A chunk first, no header.
        using (var call = Sealer(seal).SealPdf())
        {
            await call.RequestStream.WriteAsync(new SealPdfRequest { Chunk = new PdfChunk { Data = ByteString.CopyFrom(pdf) } });
            await call.RequestStream.CompleteAsync();
            var noHeader = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.InvalidArgument, noHeader.StatusCode);
            Assert.StartsWith("header:", noHeader.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Verify_reports_an_unsigned_pdf_and_a_tampered_one()
    {
        var seal = await SealWithAsync("RSA-SHA256");
        var pdf = TestPdfFiles.Create();
        Assert.Equal("unsigned", (await SealCalls.VerifyAsync(_seals, pdf)).Verdict);

        var (_, sealedPdf) = await SealCalls.SealAsync(Sealer(seal), new SealPdfHeader { SealId = seal.SealId }, pdf);
        var index = Array.IndexOf(sealedPdf, (byte)'g', 200); // a byte inside the signed range
        sealedPdf[index] ^= 0x01;
        var tampered = await SealCalls.VerifyAsync(_seals, sealedPdf);
        Assert.Equal("invalid", tampered.Verdict);
        Assert.Equal("invalid", Assert.Single(tampered.Seals).Integrity);
    }

    [Fact]
    public async Task Oversize_pdf_or_chunk_is_refused_declared_before_reading_and_undeclared_while_reading_leaving_no_temporary_file()
    {
        var seal = await SealWithAsync("RSA-SHA256");
        var usesBefore = await SealUsesAsync(seal.SealId);

        // Declared over the limit: refused on the header, before any chunk.
        using (var call = Sealer(seal).SealPdf())
        {
            await call.RequestStream.WriteAsync(new SealPdfRequest { Header = new SealPdfHeader { SealId = seal.SealId, Size = SealServerProcess.MaxPdfBytes + 1 } });
            var declared = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.ResourceExhausted, declared.StatusCode);
            Assert.StartsWith("header.size:", declared.Status.Detail, StringComparison.Ordinal);
        }

        // Not declared: counted while reading, stopped past the limit.
        var big = TestPdfFiles.Create(paddingBytes: SealServerProcess.MaxPdfBytes + (64 * 1024));
        var undeclared = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(seal), new SealPdfHeader { SealId = seal.SealId }, big, chunkBytes: 64 * 1024));
        Assert.Equal(StatusCode.ResourceExhausted, undeclared.StatusCode);
        Assert.StartsWith("chunk:", undeclared.Status.Detail, StringComparison.Ordinal);

        // Declared small, sent more: stopped at the declared size.
        var lying = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(seal), new SealPdfHeader { SealId = seal.SealId, Size = 1000 }, big, chunkBytes: 64 * 1024));
        Assert.Equal(StatusCode.InvalidArgument, lying.StatusCode);
        Assert.Contains("header.size", lying.Status.Detail, StringComparison.Ordinal);

        // One chunk over the message size limit: grpc-dotnet refuses the message itself.
        var hugeChunk = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(Sealer(seal), new SealPdfHeader { SealId = seal.SealId }, big, chunkBytes: ServerProcess.MaxReceiveMessageSize + 1));
        Assert.Equal(StatusCode.ResourceExhausted, hugeChunk.StatusCode);

        // VerifyPdf has the same limit.
        var verify = await Assert.ThrowsAsync<RpcException>(() => SealCalls.VerifyAsync(_seals, new MemoryStream(big), declaredSize: 0, chunkBytes: 64 * 1024));
        Assert.Equal(StatusCode.ResourceExhausted, verify.StatusCode);

        Assert.Equal(usesBefore.Count, (await SealUsesAsync(seal.SealId)).Count);
        await WaitForEmptySpoolAsync();
    }

    [Fact]
    public async Task Cancelled_seal_pdf_mid_stream_stops_and_leaves_no_temporary_file_and_no_seal_use()
    {
        var seal = await SealWithAsync("RSA-SHA256");
        var usesBefore = await SealUsesAsync(seal.SealId);
        using var cancel = new CancellationTokenSource();
        using var call = Sealer(seal).SealPdf(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new SealPdfRequest { Header = new SealPdfHeader { SealId = seal.SealId, Size = 4 * 1024 * 1024 } });
        var chunk = new PdfChunk { Data = ByteString.CopyFrom(new byte[16 * 1024]) };
        for (var i = 0; i < 8; i++)
        {
            await call.RequestStream.WriteAsync(new SealPdfRequest { Chunk = chunk });
        }

        // The upload is being spooled to disk...
        await WaitUntilAsync(() => SpoolFiles().Length > 0, "the server spools the upload to a temporary file");

        // ...and the client goes away mid-stream.
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);

        await WaitForEmptySpoolAsync();
        Assert.Equal(usesBefore.Count, (await SealUsesAsync(seal.SealId)).Count);
    }

    [Fact]
    public async Task Deadline_passing_mid_upload_ends_the_call_and_leaves_no_temporary_file()
    {
        var seal = await SealWithAsync("RSA-SHA256");
        using var call = Sealer(seal).SealPdf(deadline: DateTime.UtcNow.AddSeconds(3));
        await call.RequestStream.WriteAsync(new SealPdfRequest { Header = new SealPdfHeader { SealId = seal.SealId } });
        await call.RequestStream.WriteAsync(new SealPdfRequest { Chunk = new PdfChunk { Data = ByteString.CopyFrom(new byte[1024]) } });

        // The client never finishes the upload; the deadline ends the call on both sides.
        var expired = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.DeadlineExceeded, expired.StatusCode);
        await WaitForEmptySpoolAsync();
    }

    private SealService.SealServiceClient Sealer(SealInfo seal) => Sealer(seal.Department);

    private SealService.SealServiceClient Sealer(string department) => new(_server.ChannelFor(TrustRoles.Sealer, department));

    private async Task<SealInfo> SealWithAsync(string algorithm)
    {
        var seals = (await _seals.ListSealsAsync(new ListSealsRequest())).Seals;
        // The last seal is revoked by a test: never use it elsewhere.
        return seals.Take(seals.Count - 1).First(s => s.Algorithm == algorithm);
    }

    private CertificateValidator Validator() => new(
        CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, "ca", "trust-anchors.pem")),
        CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, "ca", "intermediates.pem")),
        CertificatePem.LoadCrlFile(Path.Combine(_server.PkiDirectory, "crl", "all.pem")));

    private Task<TrustStore> OpenStoreAsync() => TrustStores.OpenAsync(TrustStores.Sqlite(Path.Combine(_server.Directory, "trust.db")));

    private Task<List<AuditEntry>> SealUsesAsync(string sealId) => AuditAsync("seal.use", sealId);

    private async Task<List<AuditEntry>> AuditAsync(string action, string? subject = null)
    {
        await using var store = await OpenStoreAsync();
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadAsync())
        {
            if (entry.Action == action && (subject is null || entry.Subject == subject))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private string[] SpoolFiles() =>
        Directory.Exists(_server.SpoolDirectory) ? Directory.GetFiles(_server.SpoolDirectory) : [];

    private Task WaitForEmptySpoolAsync() => WaitUntilAsync(() => SpoolFiles().Length == 0, "the spool folder is empty");

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        // Not a timing assertion: a generous bound so a broken server fails the test instead of hanging it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(50);
        }
    }

    private static string RunPdfsig(string file)
    {
        var start = new ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-nocert");
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
