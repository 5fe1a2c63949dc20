using System.Net;
using System.Net.Sockets;
using Trust.Grpc.Security;
using Trust.Grpc.Services;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// <c>trust seal pdf --remote</c> and <c>trust seal sign-file --remote</c> (issue 16 item 4): the CLI, with a PKI folder
/// holding no private key at all, seals through a real platform server process that holds the seal keys.
/// </summary>
public sealed class RemoteSealCliTests : IClassFixture<SealServerProcess>, IDisposable
{
    private readonly SealServerProcess _server;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "trust-remote-cli-" + Guid.NewGuid().ToString("N"));
    private readonly string _clientPki;

    public RemoteSealCliTests(SealServerProcess server)
    {
        _server = server;
        _clientPki = Path.Combine(_directory, "client-pki");
        CopyWithoutPrivateKeys(server.PkiDirectory, _clientPki);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Cli_client_copy_of_the_proto_has_the_servers_wire_contract()
    {
        var server = global::Trust.Grpc.V1.SealPlatformReflection.Descriptor;
        var client = global::Trust.RemoteSealing.V1.SealPlatformClientReflection.Descriptor;

        Assert.Equal(server.Package, client.Package);
        Assert.Equal(Describe(server), Describe(client));
    }

    private static string[] Describe(Google.Protobuf.Reflection.FileDescriptor file) =>
    [
        .. file.MessageTypes.SelectMany(m => m.Fields.InFieldNumberOrder().Select(f =>
            $"{m.FullName}.{f.Name}={f.FieldNumber}:{f.FieldType}:{(f.IsRepeated ? "repeated" : "single")}:{(f.FieldType == Google.Protobuf.Reflection.FieldType.Message ? f.MessageType.FullName : "")}")),
        .. file.Services.SelectMany(s => s.Methods.Select(m => $"{s.FullName}/{m.Name}({m.InputType.FullName}):{m.OutputType.FullName}")),
    ];

    [Fact]
    public void Client_pki_copy_holds_no_private_key()
    {
        Assert.DoesNotContain(Directory.EnumerateFiles(_clientPki, "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pdf_sealed_through_the_platform_verifies_and_the_use_is_audited()
    {
        var seal = await RsaSealAsync();
        var input = Path.Combine(_directory, "in.pdf");
        var output = Path.Combine(_directory, "out.pdf");
        TestPdfFiles.WriteFile(input, 50 * 1024);
        var before = await UsesAsync(seal.SealId);

        var result = Cli("seal", "pdf", "--remote", _server.GrpcAddress.ToString(), "--token", _server.MintToken(TrustRoles.Sealer, seal.Department),
            "--seal", seal.SealId, "--in", input, "--out", output);

        Assert.True(result.Code == 0, result.ToString());
        var verify = Cli("seal", "verify", output);
        Assert.True(verify.Code == 0, verify.ToString());
        Assert.StartsWith("valid", verify.Output, StringComparison.Ordinal);
        var pdfsig = RunPdfsig(output);
        Assert.Contains("Signature is Valid.", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Total document signed", pdfsig, StringComparison.Ordinal);
        Assert.Equal(before + 1, await UsesAsync(seal.SealId));
        var audited = await _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a AND subject = @s AND details LIKE @d",
            ("@a", SealPlatformGrpcService.PlatformUseAction), ("@s", seal.SealId), ("@d", "%in.pdf%"));
        Assert.True(audited >= 1, "the platform's audit names the document description");
    }

    [Fact]
    public async Task Pdf_sealed_over_mutual_tls_with_a_sealer_client_certificate_verifies()
    {
        var seal = await RsaSealAsync();
        var (certificate, key, ca) = ClientCertificate("cli-sealer", TrustRoles.Sealer, seal.Department);
        var input = Path.Combine(_directory, "in.pdf");
        var output = Path.Combine(_directory, "mtls.pdf");
        TestPdfFiles.WriteFile(input, 20 * 1024);
        var before = await UsesAsync(seal.SealId);

        var result = Cli("seal", "pdf", "--remote", $"https://127.0.0.1:{_server.TlsPort}", "--client-cert", certificate, "--client-key", key, "--ca", ca,
            "--seal", seal.SealId, "--in", input, "--out", output);

        Assert.True(result.Code == 0, result.ToString());
        var verify = Cli("seal", "verify", output);
        Assert.True(verify.Code == 0, verify.ToString());
        Assert.Equal(before + 1, await UsesAsync(seal.SealId));
        Assert.True(await _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a AND subject = @s AND actor LIKE @c",
            ("@a", SealPlatformGrpcService.PlatformUseAction), ("@s", seal.SealId), ("@c", "%cli-sealer%")) >= 1, "the platform audits the certificate's name");
    }

    [Fact]
    public async Task Client_certificate_without_the_sealer_role_or_of_another_department_is_refused_and_no_file()
    {
        var seal = await RsaSealAsync();
        var other = _server.Departments.First(d => d != seal.Department);
        var input = Path.Combine(_directory, "in.pdf");
        TestPdfFiles.WriteFile(input, 1024);
        foreach (var (name, role, department) in new[] { ("cli-verifier", TrustRoles.Verifier, seal.Department), ("cli-other", TrustRoles.Sealer, other) })
        {
            var (certificate, key, ca) = ClientCertificate(name, role, department);
            var result = Cli("seal", "pdf", "--remote", $"https://127.0.0.1:{_server.TlsPort}", "--client-cert", certificate, "--client-key", key, "--ca", ca,
                "--seal", seal.SealId, "--in", input, "--out", Path.Combine(_directory, name + ".pdf"));

            Assert.True(result.Code == 1, result.ToString());
            Assert.Contains("refused", result.Error, StringComparison.Ordinal);
        }

        Assert.Equal(["in.pdf"], Directory.EnumerateFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Client_certificate_over_plain_http_or_without_remote_is_bad_input()
    {
        var input = Path.Combine(_directory, "in.pdf");
        TestPdfFiles.WriteFile(input, 1024);

        var overHttp = Cli("seal", "pdf", "--remote", _server.GrpcAddress.ToString(), "--client-cert", input, "--seal", "X", "--in", input, "--out", Path.Combine(_directory, "o.pdf"));
        var noRemote = Cli("seal", "pdf", "--client-cert", input, "--seal", "X", "--in", input, "--out", Path.Combine(_directory, "o.pdf"));

        Assert.True(overHttp.Code == 2, overHttp.ToString());
        Assert.Contains("--client-cert", overHttp.Error, StringComparison.Ordinal);
        Assert.True(noRemote.Code == 2, noRemote.ToString());
        Assert.Contains("--client-cert", noRemote.Error, StringComparison.Ordinal);
    }

    /// <summary>A client certificate (role and department as SAN URIs) with its encrypted key, and the CA file for the platform's TLS certificate; all outside the test's top folder.</summary>
    private (string Certificate, string Key, string Ca) ClientCertificate(string name, string role, string department)
    {
        var folder = Path.Combine(_directory, "clients");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, name);
        var certificate = Trust.Core.Pki.Development.DevelopmentClientCertificates.Issue(_server.PkiDirectory, stem, name, [role], [department]);
        var ca = Path.Combine(folder, "ca.pem");
        File.WriteAllText(ca, File.ReadAllText(Path.Combine(_server.PkiDirectory, "ca", "rsa-root.pem")) + File.ReadAllText(Path.Combine(_server.PkiDirectory, "ca", "rsa-issuing.pem")));
        return (certificate, stem + ".key.pem", ca);
    }

    [Fact]
    public async Task Sm2_file_signed_through_the_platform_verifies()
    {
        var seal = await SealAsync("SM2-SM3");
        var input = Path.Combine(_directory, "data.bin");
        var output = Path.Combine(_directory, "data.ses");
        await File.WriteAllBytesAsync(input, System.Security.Cryptography.RandomNumberGenerator.GetBytes(300 * 1024));
        var before = await UsesAsync(seal.SealId);

        var result = Cli("seal", "sign-file", "--remote", _server.GrpcAddress.ToString(), "--token", _server.MintToken(TrustRoles.Sealer, seal.Department),
            "--seal", seal.SealId, "--in", input, "--out", output);

        Assert.True(result.Code == 0, result.ToString());
        var verify = Cli("seal", "verify-file", "--in", input, "--sig", output);
        Assert.True(verify.Code == 0, verify.ToString());
        Assert.Equal(before + 1, await UsesAsync(seal.SealId));
    }

    [Fact]
    public async Task Token_of_another_department_is_refused_with_exit_1_and_no_file()
    {
        var seal = await RsaSealAsync();
        var input = Path.Combine(_directory, "in.pdf");
        var output = Path.Combine(_directory, "refused.pdf");
        TestPdfFiles.WriteFile(input, 1024);

        var result = Cli("seal", "pdf", "--remote", _server.GrpcAddress.ToString(), "--token", _server.MintToken(TrustRoles.Sealer, "NO-SUCH-DEPT"),
            "--seal", seal.SealId, "--in", input, "--out", output);
        var file = Cli("seal", "sign-file", "--remote", _server.GrpcAddress.ToString(), "--token", _server.MintToken(TrustRoles.Sealer, "NO-SUCH-DEPT"),
            "--seal", seal.SealId, "--in", input, "--out", output + ".ses");

        Assert.True(result.Code == 1, result.ToString());
        Assert.Contains("refused", result.Error, StringComparison.Ordinal);
        Assert.Contains("sealing.not_authorised", result.Error, StringComparison.Ordinal);
        Assert.True(file.Code == 1, file.ToString());
        Assert.Equal(["in.pdf"], Directory.EnumerateFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Platform_that_never_answers_gives_exit_1_after_the_deadline_and_no_file()
    {
        var seal = await RsaSealAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await listener.AcceptTcpClientAsync(stop.Token)); // accepted, never answered
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var address = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var input = Path.Combine(_directory, "in.pdf");
        TestPdfFiles.WriteFile(input, 1024);

        var pdf = Cli("seal", "pdf", "--remote", address, "--token", _server.MintToken(TrustRoles.Sealer, seal.Department), "--timeout", "1.5",
            "--seal", seal.SealId, "--in", input, "--out", Path.Combine(_directory, "hung.pdf"));
        var file = Cli("seal", "sign-file", "--remote", address, "--token", _server.MintToken(TrustRoles.Sealer, seal.Department), "--timeout", "1.5",
            "--seal", seal.SealId, "--in", input, "--out", Path.Combine(_directory, "hung.ses"));

        await stop.CancelAsync();
        await acceptLoop;
        accepted.ForEach(c => c.Dispose());
        Assert.True(pdf.Code == 1, pdf.ToString());
        Assert.Contains("did not answer within 1.5 s", pdf.Error, StringComparison.Ordinal);
        Assert.True(file.Code == 1, file.ToString());
        Assert.Contains("did not answer within 1.5 s", file.Error, StringComparison.Ordinal);
        Assert.Equal(["in.pdf"], Directory.EnumerateFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Tampered_signature_from_the_platform_is_refused_with_exit_1_and_no_file()
    {
        var seal = await RsaSealAsync();
        await using var platform = await TamperingSealPlatform.StartAsync(new SealPlatformService.SealPlatformServiceClient(_server.ChannelFor(TrustRoles.Sealer, seal.Department)));
        var input = Path.Combine(_directory, "in.pdf");
        TestPdfFiles.WriteFile(input, 1024);

        var pdf = Cli("seal", "pdf", "--remote", platform.Address.ToString(), "--token", "forwarded-by-the-fake",
            "--seal", seal.SealId, "--in", input, "--out", Path.Combine(_directory, "tampered.pdf"));
        var file = Cli("seal", "sign-file", "--remote", platform.Address.ToString(), "--token", "forwarded-by-the-fake",
            "--seal", seal.SealId, "--in", input, "--out", Path.Combine(_directory, "tampered.ses"));

        Assert.True(pdf.Code == 1, pdf.ToString());
        Assert.Contains("sealing.signature_invalid", pdf.Error, StringComparison.Ordinal);
        Assert.True(file.Code == 1, file.ToString());
        Assert.Contains("sealing.signature_invalid", file.Error, StringComparison.Ordinal);
        Assert.Equal(["in.pdf"], Directory.EnumerateFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Remote_without_token_or_with_a_bad_url_is_bad_input()
    {
        var input = Path.Combine(_directory, "in.pdf");
        TestPdfFiles.WriteFile(input, 1024);

        var noToken = Cli("seal", "pdf", "--remote", _server.GrpcAddress.ToString(), "--seal", "X", "--in", input, "--out", Path.Combine(_directory, "o.pdf"));
        var badUrl = Cli("seal", "sign-file", "--remote", "ftp://x", "--token", "t", "--seal", "X", "--in", input, "--out", Path.Combine(_directory, "o.ses"));

        Assert.True(noToken.Code == 2, noToken.ToString());
        Assert.Contains("--token", noToken.Error, StringComparison.Ordinal);
        Assert.True(badUrl.Code == 2, badUrl.ToString());
        Assert.Contains("--remote", badUrl.Error, StringComparison.Ordinal);
    }

    private Task<PlatformSeal> RsaSealAsync() => SealAsync("RSA-SHA256");

    private async Task<PlatformSeal> SealAsync(string algorithm)
    {
        var seals = (await new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Verifier)).ListSealsAsync(new ListSealsRequest())).Seals;
        var info = seals.Take(seals.Count - 1).First(s => s.Algorithm == algorithm);
        return new PlatformSeal { SealId = info.SealId, Department = info.Department };
    }

    private Task<long> UsesAsync(string sealId) =>
        _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = @a AND subject = @s", ("@a", SealPlatformGrpcService.PlatformUseAction), ("@s", sealId));

    private Outcome Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--pki", _clientPki];
        var code = global::Trust.Cli.Program.Run(all, output, error);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    private static string RunPdfsig(string file)
    {
        var start = new System.Diagnostics.ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-nocert");
        start.ArgumentList.Add(file);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static void CopyWithoutPrivateKeys(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetExtension(file) is ".db" or ".db-wal" or ".db-shm" || File.ReadAllText(file).Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                continue; // no private key of any kind (seals, seal signers, CAs) and no store
            }

            File.Copy(file, target);
        }
    }

    private sealed record Outcome(int Code, string Output, string Error)
    {
        public override string ToString() => $"exit {Code}\nstdout: {Output}\nstderr: {Error}";
    }
}
