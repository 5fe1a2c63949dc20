using System.Text.Json;
using Trust.Core.Pki.Development;
using Trust.Grpc.Tests;

namespace Trust.LoadGen.Tests;

/// <summary>The load generator against a real server process: a short run, a well-formed error-free report, charts.</summary>
/// <summary>
/// A server without the per-client rate limit (burst 0): the load generator is one client, and on an idle machine it
/// sends more than the default 1,000 calls a second, which the limit would answer with RESOURCE_EXHAUSTED.
/// </summary>
public sealed class UnlimitedServerProcess() : ServerProcess(["--Trust:Limits:RateLimitBurst=0"], new Dictionary<string, string>());

public sealed class LoadGeneratorEndToEndTests : IClassFixture<UnlimitedServerProcess>, IDisposable
{
    private readonly ServerProcess _server;
    private readonly string _dir = Directory.CreateTempSubdirectory("trust-loadgen-e2e-").FullName;

    public LoadGeneratorEndToEndTests(UnlimitedServerProcess server) => _server = server;

    [Fact]
    public async Task Verify_run_writes_an_error_free_report_and_charts()
    {
        var department = DevelopmentPkiManifest.Load(_server.PkiDirectory).Departments[0].Code;
        var target = $"http://127.0.0.1:{_server.GrpcPort}";
        var pool = Path.Combine(_dir, "pool.bin");
        var output = new StringWriter();

        Assert.Equal(0, await Commands.RunAsync(["issue", "--target", target, "--pki", _server.PkiDirectory, "--department", department, "--count", "200", "--pool-file", pool], output, CancellationToken.None));

        var loop = Path.Combine(_dir, "loop.json");
        var loopExit = await Commands.RunAsync(
            ["verify", "--target", target, "--pki", _server.PkiDirectory, "--pool-file", pool, "--batch", "20", "--concurrency", "2", "--duration", "2", "--warmup", "0.5",
             "--scenario", "e2e loop", "--labels", "algorithm=SM2,cache=l1", "--out", loop, "--fail-on-errors"],
            output,
            CancellationToken.None);
        Assert.True(loopExit == 0, output.ToString());

        var once = Path.Combine(_dir, "once.json");
        Assert.Equal(0, await Commands.RunAsync(
            ["verify", "--target", target, "--pki", _server.PkiDirectory, "--pool-file", pool, "--batch", "20", "--concurrency", "2", "--duration", "30", "--warmup", "0",
             "--single-pass", "--scenario", "e2e once", "--out", once, "--fail-on-errors"],
            output,
            CancellationToken.None));

        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(loop)))
        {
            var root = json.RootElement;
            Assert.Equal("verify_batch", root.GetProperty("operation").GetString());
            Assert.Equal("e2e loop", root.GetProperty("scenario").GetString());
            Assert.Equal("SM2", root.GetProperty("labels").GetProperty("algorithm").GetString());
            Assert.True(root.GetProperty("requests").GetInt64() > 0);
            Assert.Equal(root.GetProperty("requests").GetInt64() * 20, root.GetProperty("items").GetInt64());
            Assert.Equal(root.GetProperty("items").GetInt64(), root.GetProperty("outcomes").GetProperty("valid").GetInt64());
            Assert.Equal(0, root.GetProperty("error_count").GetInt64());
            Assert.Equal(0, root.GetProperty("unexpected").GetInt64());
            Assert.Empty(root.GetProperty("errors").EnumerateObject());
            var latency = root.GetProperty("latency_ms");
            Assert.True(latency.GetProperty("p50").GetDouble() > 0);
            Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
            Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());
            Assert.True(root.GetProperty("items_per_second").GetDouble() > 0);
            Assert.NotEmpty(root.GetProperty("timeline").EnumerateArray());
        }

        // A single pass verifies the pool once (a tenth is reserved for the warm-up): 180 of 200, in batches of 20.
        var single = LoadReport.Load(once);
        Assert.Equal(180, single.Items);
        Assert.Equal(0, single.ErrorCount);
        Assert.True(single.Settings.SinglePass);

        // --pool-skip 100: the last 100 licences, a tenth of them reserved for the warm-up: 90 measured.
        var skipped = Path.Combine(_dir, "skipped.json");
        Assert.Equal(0, await Commands.RunAsync(
            ["verify", "--target", target, "--pki", _server.PkiDirectory, "--pool-file", pool, "--batch", "10", "--concurrency", "2", "--duration", "30", "--warmup", "0",
             "--single-pass", "--pool-skip", "100", "--scenario", "e2e skip", "--out", skipped, "--fail-on-errors"],
            output,
            CancellationToken.None));
        Assert.Equal(90, LoadReport.Load(skipped).Items);
        var tooMany = await Assert.ThrowsAsync<UsageException>(() => Commands.RunAsync(
            ["verify", "--target", target, "--pki", _server.PkiDirectory, "--pool-file", pool, "--pool-skip", "200", "--duration", "1"],
            output,
            CancellationToken.None));
        Assert.Contains("--pool-skip 200", tooMany.Message, StringComparison.Ordinal);

        var charts = Path.Combine(_dir, "charts");
        Assert.Equal(0, await Commands.RunAsync(["chart", "--out-dir", charts, "--reports", loop + "," + once], output, CancellationToken.None));
        foreach (var png in new[] { "throughput.png", "latency.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(charts, png));
            Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), png + " is not a PNG");
        }

        var table = await File.ReadAllTextAsync(Path.Combine(charts, "results.md"));
        Assert.Contains("| e2e loop | algorithm=SM2, cache=l1 | 20 | 2 |", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grant_check_run_creates_grants_and_reports_every_check_allowed()
    {
        var report = Path.Combine(_dir, "grants.json");
        Assert.Equal(0, await Commands.RunAsync(
            ["grants", "--target", $"http://127.0.0.1:{_server.GrpcPort}", "--pki", _server.PkiDirectory, "--department", _server.Departments.First(d => d.StartsWith("PSB", StringComparison.Ordinal)),
             "--holders", "5", "--batch", "4", "--concurrency", "2", "--duration", "2", "--warmup", "2", "--out", report, "--fail-on-errors"],
            TextWriter.Null,
            CancellationToken.None));
        var grants = LoadReport.Load(report);
        Assert.Equal("grant_check", grants.Operation);
        Assert.True(grants.Items > 0);
        Assert.Equal(grants.Items, grants.Outcomes["allowed"]);
        Assert.Equal(0, grants.ErrorCount);
    }

    [Fact]
    public async Task Anonymous_calls_are_reported_as_unauthenticated_failures()
    {
        var pool = Path.Combine(_dir, "anon.bin");
        LicencePool.Save(pool, [Google.Protobuf.ByteString.CopyFromUtf8("x")]);
        var report = Path.Combine(_dir, "anon.json");
        var exit = await Commands.RunAsync(
            ["verify", "--target", $"http://127.0.0.1:{_server.GrpcPort}", "--pool-file", pool, "--batch", "1", "--concurrency", "1", "--duration", "0.5", "--warmup", "0", "--out", report],
            TextWriter.Null,
            CancellationToken.None);
        Assert.Equal(1, exit);
        Assert.Contains("Unauthenticated", LoadReport.Load(report).Errors.Keys);
    }

    [Fact]
    public void Generated_pdf_has_a_cross_reference_table_that_points_at_its_objects()
    {
        var pdf = MinimalPdf.Create();
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-1.7", text, StringComparison.Ordinal);
        var startxref = int.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref", text[startxref..], StringComparison.Ordinal);
        var entries = text[startxref..].Split('\n').Skip(3).Take(5).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var offset = int.Parse(entries[i][..10], System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"{i + 1} 0 obj", text[offset..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unreachable_server_is_reported_as_failed_requests_not_a_crash()
    {
        var pool = Path.Combine(_dir, "pool.bin");
        LicencePool.Save(pool, [Google.Protobuf.ByteString.CopyFromUtf8("x")]);
        var report = Path.Combine(_dir, "down.json");
        var exit = await Commands.RunAsync(
            ["verify", "--target", "http://127.0.0.1:1", "--pool-file", pool, "--batch", "1", "--concurrency", "1", "--duration", "0.5", "--warmup", "0", "--out", report],
            TextWriter.Null,
            CancellationToken.None);
        Assert.Equal(1, exit);
        var down = LoadReport.Load(report);
        Assert.Equal(0, down.Requests);
        Assert.True(down.ErrorCount > 0);
        Assert.Contains("Unavailable", down.Errors.Keys);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
