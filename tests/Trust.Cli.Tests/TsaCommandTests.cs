using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Timestamps;

namespace Trust.Cli.Tests;

/// <summary>
/// <c>--tsa URL</c>: <c>trust seal pdf</c> and <c>trust seal sign-file</c> with a real RFC 3161 exchange over HTTP, against
/// a small HTTP TSA signing with the development PKI's <c>tsa-rsa</c> key; <c>seal verify --json</c> reports B-T.
/// </summary>
public sealed class TsaCommandTests(SealCliFixture fixture) : IClassFixture<SealCliFixture>
{
    [Fact]
    public async Task Seal_pdf_with_tsa_is_b_t_and_verify_reports_the_timestamp()
    {
        using var tsa = HttpTsa.Start(fixture.Pki);
        var original = SealPdfCommandsTests.WritePdf(fixture.Root, "tsa-in.pdf");
        var sealedPath = Path.Combine(fixture.Root, "tsa-out.pdf");

        var (code, _, error) = await Task.Run(() => SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("RSA-SHA256"), "--in", original, "--out", sealedPath, "--tsa", tsa.Url));
        Assert.True(code == 0, error);
        var (verifyCode, output, verifyError) = SealCommandsTests.Run("seal", "verify", sealedPath, "--pki", fixture.Pki, "--json");

        Assert.True(verifyCode == 0, verifyError + output);
        var seal = JsonDocument.Parse(output).RootElement.GetProperty("seals")[0];
        Assert.Equal("B-T", seal.GetProperty("level").GetString());
        var timestamp = seal.GetProperty("timestamp");
        Assert.True(timestamp.GetProperty("valid").GetBoolean());
        Assert.Contains("TSA RSA", timestamp.GetProperty("tsa").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, tsa.Requests);
    }

    [Fact]
    public async Task Sign_file_with_tsa_carries_a_gbt_38540_timestamp_that_covers_the_signature()
    {
        using var tsa = HttpTsa.Start(fixture.Pki);
        var input = Path.Combine(fixture.Root, "tsa-file.txt");
        File.WriteAllText(input, "licence archive file");
        var output = Path.Combine(fixture.Root, "tsa-file.ses");

        var (code, _, error) = await Task.Run(() => SealCommandsTests.Run("seal", "sign-file", "--pki", fixture.Pki, "--seal", Seal("SM2-SM3"), "--in", input, "--out", output, "--tsa", tsa.Url));
        Assert.True(code == 0, error);
        var signature = SesSignature.Decode(File.ReadAllBytes(output));
        var (verifyCode, _, verifyError) = SealCommandsTests.Run("seal", "verify-file", "--pki", fixture.Pki, "--in", input, "--sig", output);

        Assert.True(verifyCode == 0, verifyError);
        Assert.NotNull(signature.TimeStamp);
        var anchors = new CertificateValidator(CertificatePem.LoadFile(Path.Combine(fixture.Pki, "ca", "trust-anchors.pem")));
        Assert.True(TimestampTokenVerifier.Verify(signature.TimeStamp!.Value, signature.Signature.Span, anchors).IsValid);

        // Six years on the development certificates (five years) have expired: the time-stamp proves the signature existed before.
        var at = DateTimeOffset.UtcNow.AddYears(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var (laterCode, later, laterError) = SealCommandsTests.Run("seal", "verify-file", "--pki", fixture.Pki, "--in", input, "--sig", output, "--at", at, "--json");
        Assert.True(laterCode == 0, laterError + later);
        var report = JsonDocument.Parse(later).RootElement;
        Assert.Equal(report.GetProperty("timestamp_time").GetString(), report.GetProperty("best_signature_time").GetString());
        var unstamped = Path.Combine(fixture.Root, "tsa-file-unstamped.ses");
        File.WriteAllBytes(unstamped, (signature with { TimeStamp = null }).Encode());
        var (basicCode, basic, _) = SealCommandsTests.Run("seal", "verify-file", "--pki", fixture.Pki, "--in", input, "--sig", unstamped, "--at", at, "--json");
        // Without the token the signer's chain is judged at DATE, when the development CRLs (five years) are stale too.
        Assert.Equal(1, basicCode);
        Assert.Contains(JsonDocument.Parse(basic).RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("signer.chain_", StringComparison.Ordinal));
        Assert.Equal(2, SealCommandsTests.Run("seal", "verify-file", "--pki", fixture.Pki, "--in", input, "--sig", output, "--at", "not-a-date").Code);
    }

    [Fact]
    public void Unreachable_tsa_exits_1_and_writes_nothing()
    {
        var original = SealPdfCommandsTests.WritePdf(fixture.Root, "tsa-down.pdf");
        var sealedPath = Path.Combine(fixture.Root, "tsa-down-out.pdf");

        var (code, _, error) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("RSA-SHA256"), "--in", original, "--out", sealedPath, "--tsa", $"http://127.0.0.1:{FreePort()}/tsa");

        Assert.True(code == 1, error);
        Assert.Contains("--tsa", error, StringComparison.Ordinal);
        Assert.False(File.Exists(sealedPath));
        Assert.Empty(Directory.GetFiles(fixture.Root, "tsa-down-out.pdf*"));
    }

    [Fact]
    public void Tsa_that_is_not_a_url_is_exit_2()
    {
        var original = SealPdfCommandsTests.WritePdf(fixture.Root, "tsa-bad.pdf");

        var (code, _, error) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("RSA-SHA256"), "--in", original, "--out", Path.Combine(fixture.Root, "x.pdf"), "--tsa", "ftp://x");

        Assert.True(code == 2, error);
        Assert.Contains("--tsa ftp://x", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RSA-SHA256", false)]
    [InlineData("SM2-SM3", true)]
    public async Task Archive_extend_to_lta_makes_a_b_lta_pdf_that_verify_reports(string algorithm, bool sm3)
    {
        using var tsa = HttpTsa.Start(fixture.Pki);
        var original = SealPdfCommandsTests.WritePdf(fixture.Root, $"lta-in-{sm3}.pdf");
        var sealedPath = Path.Combine(fixture.Root, $"lta-sealed-{sm3}.pdf");
        var extended = Path.Combine(fixture.Root, $"lta-out-{sm3}.pdf");
        var (sealCode, _, sealError) = await Task.Run(() => SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal(algorithm), "--in", original, "--out", sealedPath, "--tsa", tsa.Url));
        Assert.True(sealCode == 0, sealError);

        string[] args = ["archive", "extend", sealedPath, "--level", "lta", "--tsa", tsa.Url, "--out", extended, "--pki", fixture.Pki, "--json", .. sm3 ? new[] { "--sm3" } : []];
        var (code, output, error) = await Task.Run(() => SealCommandsTests.Run(args));

        Assert.True(code == 0, error + output);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("B-LTA", result.GetProperty("level").GetString());
        Assert.True(result.GetProperty("crls").GetInt32() > 0);
        Assert.True(result.GetProperty("certificates").GetInt32() > 1);
        Assert.Equal(File.ReadAllBytes(sealedPath), File.ReadAllBytes(extended).AsSpan(0, (int)new FileInfo(sealedPath).Length).ToArray());
        var (verifyCode, report, verifyError) = SealCommandsTests.Run("seal", "verify", extended, "--pki", fixture.Pki, "--json");
        Assert.True(verifyCode == 0, verifyError + report);
        var root = JsonDocument.Parse(report).RootElement;
        Assert.Equal("B-LTA", root.GetProperty("seals")[0].GetProperty("level").GetString());
        Assert.False(root.GetProperty("seals")[0].GetProperty("modified_after").GetBoolean());
        Assert.True(root.GetProperty("document_timestamps")[0].GetProperty("valid").GetBoolean());
        Assert.True(root.GetProperty("validation_data").GetBoolean());
    }

    [Fact]
    public async Task Archive_extend_refusals_write_nothing()
    {
        var unsealed = SealPdfCommandsTests.WritePdf(fixture.Root, "lta-unsealed.pdf");
        var sealedPath = Path.Combine(fixture.Root, "lta-refuse-sealed.pdf");
        var (sealCode, _, sealError) = await Task.Run(() => SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("RSA-SHA256"), "--in", unsealed, "--out", sealedPath));
        Assert.True(sealCode == 0, sealError);
        var output = Path.Combine(fixture.Root, "lta-refused.pdf");

        // Not a sealed PDF: exit 1.
        var (code, _, error) = SealCommandsTests.Run("archive", "extend", unsealed, "--level", "lt", "--out", output, "--pki", fixture.Pki);
        Assert.True(code == 1, error);
        // TSA unreachable: exit 1.
        (code, _, error) = SealCommandsTests.Run("archive", "extend", sealedPath, "--level", "lta", "--tsa", $"http://127.0.0.1:{FreePort()}/tsa", "--out", output, "--pki", fixture.Pki);
        Assert.True(code == 1, error);
        Assert.Contains("--tsa", error, StringComparison.Ordinal);
        // Bad level, lta without --tsa, missing file, random bytes: exit 2.
        (code, _, error) = SealCommandsTests.Run("archive", "extend", sealedPath, "--level", "ltx", "--out", output, "--pki", fixture.Pki);
        Assert.True(code == 2, error);
        Assert.Contains("--level ltx", error, StringComparison.Ordinal);
        (code, _, error) = SealCommandsTests.Run("archive", "extend", sealedPath, "--level", "lta", "--out", output, "--pki", fixture.Pki);
        Assert.True(code == 2, error);
        Assert.Contains("--tsa", error, StringComparison.Ordinal);
        (code, _, error) = SealCommandsTests.Run("archive", "extend", Path.Combine(fixture.Root, "missing.pdf"), "--level", "lt", "--out", output, "--pki", fixture.Pki);
        Assert.True(code == 2, error);
        var random = Path.Combine(fixture.Root, "lta-random.pdf");
        File.WriteAllBytes(random, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 31))]);
        (code, _, error) = SealCommandsTests.Run("archive", "extend", random, "--level", "lt", "--out", output, "--pki", fixture.Pki);
        Assert.True(code == 2, error);

        Assert.Empty(Directory.GetFiles(fixture.Root, "*lta-refused.pdf*"));
    }

    private string Seal(string algorithm)
    {
        var (_, output, _) = SealCommandsTests.Run("seal", "list", "--pki", fixture.Pki, "--json");
        return JsonDocument.Parse(output).RootElement.GetProperty("seals").EnumerateArray()
            .First(s => s.GetProperty("algorithm").GetString() == algorithm).GetProperty("id").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A minimal RFC 3161 HTTP TSA (HttpListener) with the PKI's tsa-rsa key.</summary>
    internal sealed class HttpTsa : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TimestampAuthority _authority;
        private readonly Task _loop;
        private int _requests;

        private HttpTsa(string pki)
        {
            var manifest = DevelopmentPkiManifest.Load(pki);
            var entry = manifest.FindKey("tsa-rsa")!;
            var key = PrivateKeyPem.LoadFile(Path.Combine(pki, entry.Key), DevelopmentPki.ResolvePassphrase(), out _);
            _authority = new TimestampAuthority(new TimestampAuthorityOptions { Key = key, CertificateChain = [.. CertificatePem.LoadFile(Path.Combine(pki, Path.ChangeExtension(entry.Certificate, ".chain.pem")))] });
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/tsa";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public string Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static HttpTsa Start(string pki) => new(pki);

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var reply = _authority.Respond(body.ToArray());
                Interlocked.Increment(ref _requests);
                context.Response.ContentType = "application/timestamp-reply";
                await context.Response.OutputStream.WriteAsync(reply);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
