using Trust.Grpc.Tests;
using Trust.LoadGen.Mixed;

namespace Trust.LoadGen.Tests;

/// <summary>
/// A server for the mixed scenarios: twelve departments of the development PKI (SM2 and RSA issuers, several licence kinds),
/// sixteen seals, batches of 100, no per-client rate limit, counter totals served at /metrics/counters.
/// </summary>
public sealed class MixedServerProcess() : ServerProcess(
    ["--Trust:Limits:RateLimitBurst=0", "--Trust:PkiDepartments=12", "--Trust:PkiSeals=16", "--Trust:MaxBatchSize=100", "--Trust:MaxReceiveMessageSize=4194304", "--Trust:Otlp:Counters=true"],
    new Dictionary<string, string>());

/// <summary>Each mixed scenario briefly against a real server process: no failed request, no unexpected verdict.</summary>
public sealed class MixedEndToEndTests : IClassFixture<MixedServerProcess>, IDisposable
{
    private readonly ServerProcess _server;
    private readonly string _dir = Directory.CreateTempSubdirectory("trust-loadgen-mixed-e2e-").FullName;

    public MixedEndToEndTests(MixedServerProcess server) => _server = server;

    [Fact]
    public async Task Mixed_verify_gets_every_expected_verdict_and_reads_the_cache_hit_rate()
    {
        var pool = Path.Combine(_dir, "mixed.bin");
        var report = Path.Combine(_dir, "mixed.json");
        var output = new StringWriter();
        var exit = await Commands.RunAsync(
            ["mixed-verify", "--target", $"http://127.0.0.1:{_server.GrpcPort}", "--pki", _server.PkiDirectory, "--licences", "300", "--revoked", "0.1", "--expired", "0.1",
             "--pool-file", pool, "--zipf", "1.0", "--batch", "100", "--concurrency", "2", "--duration", "120", "--max-requests", "20", "--warmup", "0",
             "--metrics", $"http://127.0.0.1:{_server.WebPort}", "--scenario", "mixed e2e", "--labels", "scenario=mixed,zipf=1.0", "--out", report, "--fail-on-errors"],
            output,
            CancellationToken.None);
        Assert.True(exit == 0, output.ToString());

        var r = LoadReport.Load(report);
        Assert.Equal(0, r.ErrorCount);
        Assert.Equal(0, r.Unexpected);
        Assert.True(r.Items > 0);
        var mix = Assert.IsType<MixSummary>(r.Mix);
        Assert.Equal(300, mix.Items);

        // Revoked and expired licences came back with those verdicts (the shares are 10 % each of 300 licences).
        Assert.True(mix.Expected["revoked"] > 0 && mix.Expected["expired"] > 0, string.Join(", ", mix.Expected));
        Assert.Equal(mix.Expected["revoked"], r.Outcomes["revoked"]);
        Assert.Equal(mix.Expected["expired"], r.Outcomes["expired"]);
        Assert.Equal(mix.Expected["valid"], r.Outcomes["valid"]);

        // Both algorithms, several departments and types; the server counted signature-cache lookups in the measured phase.
        Assert.True(mix.Covered["departments_sm2"] > 0 && mix.Covered["departments_rsa"] > 0);
        Assert.True(mix.Types > 5, $"{mix.Types} types");
        Assert.NotNull(mix.ServerCounters);
        Assert.NotNull(mix.CacheHitRate);
        Assert.True(mix.CacheHits > 0, "a Zipf mix repeats licences: some lookups must hit");
        Assert.True(mix.Distinct < r.Items, "repeats: fewer distinct licences than items");

        // The saved pool is reused by a second run (a fresh server process would verify the same licences).
        var again = Path.Combine(_dir, "again.json");
        Assert.Equal(0, await Commands.RunAsync(
            ["mixed-verify", "--target", $"http://127.0.0.1:{_server.GrpcPort}", "--pki", _server.PkiDirectory, "--pool-file", pool, "--zipf", "0.8",
             "--concurrency", "2", "--duration", "120", "--max-requests", "4", "--warmup", "0", "--out", again, "--fail-on-errors"],
            output,
            CancellationToken.None));
        Assert.Equal(0, LoadReport.Load(again).Unexpected);
    }

    [Fact]
    public async Task Mixed_grants_allow_every_unused_grant_and_deny_used_single_use_ones()
    {
        var report = Path.Combine(_dir, "grants.json");
        var output = new StringWriter();
        var exit = await Commands.RunAsync(
            ["mixed-grants", "--target", $"http://127.0.0.1:{_server.GrpcPort}", "--pki", _server.PkiDirectory, "--holders", "1", "--single-use", "0.3", "--batch", "10",
             "--concurrency", "2", "--duration", "120", "--max-requests", "30", "--warmup", "0", "--metrics", $"http://127.0.0.1:{_server.WebPort}", "--out", report, "--fail-on-errors"],
            output,
            CancellationToken.None);
        Assert.True(exit == 0, output.ToString());

        var r = LoadReport.Load(report);
        Assert.Equal(0, r.ErrorCount);
        Assert.Equal(0, r.Unexpected);
        var mix = Assert.IsType<MixSummary>(r.Mix);
        Assert.Equal(Trust.Core.Services.ServiceCatalog.Default.Items.Count, mix.Covered["service_items"]);
        Assert.True(mix.Covered["grants_complete"] > 0, "some items need only licence types this PKI issues");

        // Fresh single-use grants were allowed, used ones presented again were denied, as expected.
        Assert.True(r.Outcomes.GetValueOrDefault("denied:grant.already_used") > 0, string.Join(", ", r.Outcomes));
        Assert.Equal(mix.Expected.GetValueOrDefault("denied:grant.already_used"), r.Outcomes["denied:grant.already_used"]);
        Assert.True(r.Outcomes.GetValueOrDefault("allowed") > 0, string.Join(", ", r.Outcomes));
    }

    [Fact]
    public async Task Mixed_seal_rotates_every_seal_and_every_sealed_pdf_verifies()
    {
        var report = Path.Combine(_dir, "seal.json");
        var output = new StringWriter();
        var exit = await Commands.RunAsync(
            ["mixed-seal", "--target", $"http://127.0.0.1:{_server.GrpcPort}", "--pki", _server.PkiDirectory, "--sizes", "10240,150000", "--size-weights", "3,1", "--reseal", "0.3",
             "--concurrency", "2", "--duration", "120", "--max-requests", "16", "--warmup", "0", "--out", report, "--fail-on-errors"],
            output,
            CancellationToken.None);
        Assert.True(exit == 0, output.ToString());

        var r = LoadReport.Load(report);
        Assert.Equal(0, r.ErrorCount);
        Assert.Equal(0, r.Unexpected);
        Assert.True(r.Items > 0);
        Assert.Equal(r.Items, r.Outcomes["valid"]);
        var mix = Assert.IsType<MixSummary>(r.Mix);
        Assert.Equal(16, mix.Types);
        Assert.True(mix.Covered["seals_sm2"] > 0 && mix.Covered["seals_rsa"] > 0, string.Join(", ", mix.Covered));
    }

    [Fact]
    public void Sized_pdfs_have_the_asked_size_and_a_cross_reference_table_that_points_at_their_objects()
    {
        foreach (var size in new[] { 100, 10_240, 1_048_576 })
        {
            var pdf = SizedPdf.Create(size);
            Assert.InRange(pdf.Length, Math.Min(size, 600), Math.Max(size, 600) + 300);
            var text = System.Text.Encoding.Latin1.GetString(pdf);
            var startxref = int.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
            var entries = text[startxref..].Split('\n').Skip(3).Take(6).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                var offset = int.Parse(entries[i][..10], System.Globalization.CultureInfo.InvariantCulture);
                Assert.StartsWith($"{i + 1} 0 obj", text[offset..], StringComparison.Ordinal);
            }
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
