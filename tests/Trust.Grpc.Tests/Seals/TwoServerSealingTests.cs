using System.Security.Cryptography;
using Grpc.Core;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Status;
using Trust.Documents;
using Trust.Grpc.Security;
using Trust.Grpc.Services;
using Trust.Grpc.V1;
using Trust.Pdf;
using Trust.Storage;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// Two server processes: a seal platform holding the seal keys, and a licence server whose PKI folder holds no seal
/// private key, configured with <c>Trust:SealPlatform</c> to seal through the platform (via <see cref="RecordingSealPlatform"/>,
/// which records what crosses the wire). Sealed PDFs and licence files (PDF, and OFD with a GB/T 38540 SES_Signature)
/// verify, each use is in the platform's audit, and the platform never receives the document.
/// </summary>
public sealed class TwoServerSealingTests : IClassFixture<TwoServerSealingTests.Servers>
{
    private const long DocumentBytes = 1024 * 1024;
    private readonly Servers _servers;

    public TwoServerSealingTests(Servers servers) => _servers = servers;

    [Fact]
    public void Licence_server_pki_holds_no_seal_private_key()
    {
        var pki = _servers.Licence.PkiDirectory;
        var manifest = DevelopmentPkiManifest.Load(pki);
        Assert.NotEmpty(manifest.Departments);
        Assert.All(manifest.Departments, d => Assert.False(File.Exists(Path.Combine(pki, d.Key)), d.Key));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(pki, "keys"), "seal-maker*.key.pem"));
        Assert.DoesNotContain(SealKeyFiles(pki), File.Exists);

        // The platform has them (what the licence server lacks is really a seal key).
        Assert.All(SealKeyFiles(_servers.Platform.PkiDirectory), f => Assert.True(File.Exists(f), f));
    }

    [Theory]
    [InlineData("RSA-SHA256")]
    [InlineData("SM2-SM3")]
    public async Task Pdf_sealed_by_the_licence_server_through_the_platform_verifies_and_only_the_digest_crossed(string algorithm)
    {
        var seal = await SealAsync(algorithm);
        var pdf = TestPdfFiles.Create(DocumentBytes);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var sent = _servers.Recorder.Requests.Count;
        var client = new SealService.SealServiceClient(_servers.Licence.ChannelFor(TrustRoles.Sealer, seal.Department));

        var (result, sealedPdf) = await SealCalls.SealAsync(client, new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length }, pdf);

        Assert.Equal(seal.SealId, result.SealId);
        var report = await SealCalls.VerifyAsync(new SealService.SealServiceClient(_servers.Licence.ChannelFor(TrustRoles.Verifier)), sealedPdf);
        Assert.True(report.Verdict == "valid", string.Join(", ", report.Seals.SelectMany(s => s.Reasons)));
        var platformReport = await SealCalls.VerifyAsync(new SealService.SealServiceClient(_servers.Platform.ChannelFor(TrustRoles.Verifier)), sealedPdf);
        Assert.Equal("valid", platformReport.Verdict);
        if (algorithm == "RSA-SHA256")
        {
            var file = Path.Combine(_servers.Directory, $"sealed-{Guid.NewGuid():N}.pdf");
            await File.WriteAllBytesAsync(file, sealedPdf);
            var pdfsig = Pdfsig(file);
            Assert.Contains("Signature is Valid.", pdfsig, StringComparison.Ordinal);
            Assert.Contains("Total document signed", pdfsig, StringComparison.Ordinal);
        }

        // The platform's audit: one use, naming the document only by its hash.
        Assert.Equal(1, await _servers.Platform.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a AND subject = @s AND details LIKE @d",
            ("@a", SealPlatformGrpcService.PlatformUseAction), ("@s", seal.SealId), ("@d", $"%sha256:{sha256}%")));

        // What crossed the wire: authorise + sign (plus the seal, the first time), each far smaller than the document,
        // and no piece of the document's content.
        var requests = _servers.Recorder.Requests.Skip(sent).ToArray();
        Assert.Contains(requests, r => r.Method == "SignDigests");
        Assert.Contains(requests, r => r.Method == "AuthorizeSigning");
        Assert.All(requests, r => Assert.True(r.Bytes.Length < 32 * 1024, $"{r.Method}: {r.Bytes.Length} bytes"));
        Assert.True(requests.Sum(r => r.Bytes.Length) < pdf.Length / 50, $"{requests.Sum(r => r.Bytes.Length)} bytes sent for a {pdf.Length}-byte PDF");
        for (var offset = 4096; offset < pdf.Length - 8192; offset += 64 * 1024)
        {
            var piece = pdf.AsMemory(offset, 48);
            Assert.DoesNotContain(requests, r => r.Bytes.AsSpan().IndexOf(piece.Span) >= 0);
        }
    }

    [Fact]
    public async Task Licence_files_pdf_and_ofd_sealed_through_the_platform_verify_and_are_audited_there()
    {
        using var kit = new GrantTestKit(_servers.Licence);
        var licence = await kit.IssueLicenceAsync(GrantTestKit.NewHolderId());
        var files = new LicenceFileService.LicenceFileServiceClient(_servers.Licence.ChannelFor(TrustRoles.Issuer, kit.Department));
        foreach (var format in new[] { "pdf", "ofd" })
        {
            var file = await files.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = format });

            var report = await VerifyLicenceFileAsync(file.File.ToByteArray());
            Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
            Assert.Equal(file.SealId, Assert.Single(report.Seals).SealId);
            Assert.Equal(1, await _servers.Platform.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a AND subject = @s AND details LIKE @d",
                ("@a", SealPlatformGrpcService.PlatformUseAction), ("@s", file.SealId), ("@d", $"%licence file {licence.LicenceId} ({format})%")));
        }
    }

    [Fact]
    public async Task Platform_that_hangs_gives_a_deadline_error_within_the_setting_and_no_output()
    {
        var seal = await SealAsync("RSA-SHA256");
        using var kit = new GrantTestKit(_servers.Licence);
        var licence = await kit.IssueLicenceAsync(GrantTestKit.NewHolderId());
        var pdf = TestPdfFiles.Create(64 * 1024);
        var client = new SealService.SealServiceClient(_servers.Licence.ChannelFor(TrustRoles.Sealer, seal.Department));
        var files = new LicenceFileService.LicenceFileServiceClient(_servers.Licence.ChannelFor(TrustRoles.Issuer, kit.Department));
        var usesBefore = await _servers.Platform.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a", ("@a", SealPlatformGrpcService.PlatformUseAction));
        RpcException sealing;
        RpcException licenceFile;
        using var output = new MemoryStream();
        _servers.Recorder.Hang = true;
        try
        {
            using var input = new MemoryStream(pdf);
            sealing = await Assert.ThrowsAsync<RpcException>(() => SealCalls.SealAsync(client, new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length }, input, output));
            licenceFile = await Assert.ThrowsAsync<RpcException>(() => files.GetLicenceFileAsync(new GetLicenceFileRequest { LicenceId = licence.LicenceId, Format = "ofd" }).ResponseAsync);
        }
        finally
        {
            _servers.Recorder.Hang = false;
        }

        Assert.True(sealing.StatusCode == StatusCode.DeadlineExceeded, sealing.ToString());
        Assert.Contains($"did not answer within {Servers.TimeoutSeconds} s", sealing.Status.Detail, StringComparison.Ordinal);
        Assert.True(licenceFile.StatusCode == StatusCode.DeadlineExceeded, licenceFile.ToString());
        Assert.Equal(0, output.Length);
        Assert.Empty(Directory.EnumerateFiles(_servers.Licence.SpoolDirectory));
        Assert.Equal(usesBefore, await _servers.Platform.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a", ("@a", SealPlatformGrpcService.PlatformUseAction)));
        Assert.Equal(0, await _servers.Licence.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'seal.use' AND details LIKE @d", ("@d", $"%{Convert.ToHexStringLower(SHA256.HashData(pdf))}%")));
    }

    [Fact]
    public async Task Licence_server_with_a_client_certificate_seals_over_mutual_tls()
    {
        var seal = await SealAsync("RSA-SHA256");
        var folder = Path.Combine(_servers.Directory, "mtls");
        System.IO.Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, "licence-server");
        var certificate = DevelopmentClientCertificates.Issue(_servers.Platform.PkiDirectory, stem, "licence-server", [TrustRoles.Sealer], [seal.Department]);
        var ca = Path.Combine(folder, "ca.pem");
        await File.WriteAllTextAsync(ca, string.Concat(new[] { "rsa-root.pem", "rsa-issuing.pem" }.Select(f => File.ReadAllText(Path.Combine(_servers.Platform.PkiDirectory, "ca", f)))));
        var server = ServerProcess.Node(_servers.Licence.PkiDirectory,
            "--Trust:PkiSeals=4",
            $"--Trust:SealPlatform:Address=https://127.0.0.1:{_servers.Platform.TlsPort}",
            $"--Trust:SealPlatform:ClientCertificate={certificate}",
            $"--Trust:SealPlatform:ClientKey={stem}.key.pem",
            $"--Trust:SealPlatform:Ca={ca}");
        var pdf = TestPdfFiles.Create(16 * 1024);
        byte[] sealedPdf;
        try
        {
            await server.InitializeAsync();
            (_, sealedPdf) = await SealCalls.SealAsync(new SealService.SealServiceClient(server.ChannelFor(TrustRoles.Sealer, seal.Department)), new SealPdfHeader { SealId = seal.SealId, Size = pdf.Length }, pdf);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Equal("valid", (await SealCalls.VerifyAsync(new SealService.SealServiceClient(_servers.Platform.ChannelFor(TrustRoles.Verifier)), sealedPdf)).Verdict);
        Assert.Equal(1, await _servers.Platform.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a AND actor LIKE @c AND details LIKE @d",
            ("@a", SealPlatformGrpcService.PlatformUseAction), ("@c", "%licence-server%"), ("@d", $"%sha256:{Convert.ToHexStringLower(SHA256.HashData(pdf))}%")));
    }

    private async Task<PlatformSeal> SealAsync(string algorithm)
    {
        var seals = (await new SealService.SealServiceClient(_servers.Platform.ChannelFor(TrustRoles.Verifier)).ListSealsAsync(new ListSealsRequest())).Seals;
        var info = seals.First(s => s.Algorithm == algorithm && !s.Revoked);
        return new PlatformSeal { SealId = info.SealId, Department = info.Department };
    }

    private async Task<LicenceFileReport> VerifyLicenceFileAsync(byte[] file)
    {
        var pki = _servers.Licence.PkiDirectory;
        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "intermediates.pem")),
            CertificatePem.LoadCrlFile(Path.Combine(pki, "crl", "all.pem")));
        await using var store = await TrustStores.OpenAsync(_servers.Licence.StoreSpec);
        return await LicenceFileVerifier.VerifyAsync(file, new LicenceFileVerificationOptions
        {
            Licences = new LicenceVerifier(validator, new StoreStatusSource(store)),
            CertificateValidator = validator,
        });
    }

    private static IEnumerable<string> SealKeyFiles(string pki) =>
        DevelopmentPkiManifest.Load(pki).Departments.Select(d => Path.Combine(pki, d.Key))
            .Concat(new[] { "seal-maker-sm2", "seal-maker-rsa" }.Select(k => Path.Combine(pki, "keys", k + ".key.pem")));

    private static string Pdfsig(string file)
    {
        var start = new System.Diagnostics.ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-nocert");
        start.ArgumentList.Add(file);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    /// <summary>The platform process, the recording hop in front of it, and the licence server process (its PKI without seal keys).</summary>
    public sealed class Servers : IAsyncLifetime
    {
        /// <summary><c>Trust:SealPlatform:TimeoutSeconds</c> of the licence server.</summary>
        public const int TimeoutSeconds = 8;

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "trust-two-servers-" + Guid.NewGuid().ToString("N"));

        public SealServerProcess Platform { get; } = new();

        public RecordingSealPlatform Recorder { get; private set; } = null!;

        public ServerProcess Licence { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Platform.InitializeAsync();
            var licencePki = Path.Combine(Directory, "licence-pki");
            CopyWithoutSealKeys(Platform.PkiDirectory, licencePki);

            // The licence server's credential at the platform: a sealer of both departments (a token file, not on the command line).
            var tokenFile = Path.Combine(Directory, "platform.token");
            await File.WriteAllTextAsync(tokenFile, Platform.MintToken(TrustRoles.Sealer, [.. Platform.Departments]));
            Recorder = await RecordingSealPlatform.StartAsync(new SealPlatformService.SealPlatformServiceClient(Platform.Channel));
            Licence = ServerProcess.Node(licencePki,
                "--Trust:PkiSeals=4",
                $"--Trust:SealPlatform:Address={Recorder.Address}",
                $"--Trust:SealPlatform:TokenFile={tokenFile}",
                $"--Trust:SealPlatform:TimeoutSeconds={TimeoutSeconds}");
            await Licence.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            if (Licence is not null)
            {
                await Licence.DisposeAsync();
            }

            if (Recorder is not null)
            {
                await Recorder.DisposeAsync();
            }

            await Platform.DisposeAsync();
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }

        private static void CopyWithoutSealKeys(string from, string to)
        {
            var sealKeys = SealKeyFiles(from).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
            foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                if (sealKeys.Contains(Path.GetFullPath(file)) || Path.GetExtension(file) is ".db" or ".db-wal" or ".db-shm")
                {
                    continue; // no seal private key (department seal signers, seal makers) and not the platform's store
                }

                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
