using System.Globalization;
using Trust.LoadGen.Mixed;

namespace Trust.LoadGen;

/// <summary>The commands of the load generator.</summary>
internal static class Commands
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "single-pass", "prefill", "fail-on-errors", "quiet" };

    public const string Usage = """
        Trust.LoadGen: load generator for the Trust server (closed loop: each worker waits for its answer).

        Commands
          issue   --department CODE --count N --pool-file FILE     issue licences through the API into a pool file
          verify  (--pool-file FILE | --department CODE [--pool N] [--pool-file FILE])
                  [--batch 100] [--single-pass] [--prefill] [--pool-limit N]
                                                                 VerifyBatch load over the pool
          grants  --department CODE [--holders 200] [--batch 10]      CheckGrantBatch load (CheckGrant for --batch 1) over
                                                                 licences and grants it creates first (clerk loadgen-clerk)
          seal    [--pdf FILE] [--seal-id ID | --department CODE] [--chunk 65536]
                                                                 SealPdf load (a generated one-page PDF by default)
          mixed-issue --pki DIR --pool-file FILE [--licences 10000] [--revoked 0.02] [--expired 0.02] [--seed N]
                                                                 issue a mixed pool (see mixed-verify) into a file
          mixed-verify (--pool-file FILE | --pki DIR [--licences 10000] [--revoked 0.02] [--expired 0.02] [--pool-file FILE])
                  [--zipf 1.0] [--batch 100] [--seed N] [--metrics http://host:webport]
                                                                 VerifyBatch over a pool of every licence type from every
                                                                 issuing department (SM2 and RSA), repeats drawn from a Zipf
                                                                 distribution, shares revoked and expired that must get those
                                                                 verdicts; --metrics reads the server's /metrics/counters
                                                                 (server option --Trust:Otlp:Counters=true) for the cache hit rate
          mixed-grants --pki DIR [--holders 2] [--single-use 0.2] [--batch 10] [--zipf 1.0] [--metrics URL]
                                                                 CheckGrantBatch over grants for all 317 service items, each
                                                                 holder with the item's required licences; single-use grants
                                                                 must be allowed once, then denied (grant.already_used)
          mixed-seal [--sizes 10240,...,20971520] [--size-weights 60,25,10,4,1] [--reseal 0.1] [--metrics URL]
                                                                 SealPdf + VerifyPdf rotating every usable seal, PDFs of mixed
                                                                 sizes; a share sealed twice (two departments)
          chart   --out-dir DIR --reports A.json,B.json [--title T] [--prefix P]
                                                                 P+throughput.png, P+latency.png, P+results.md
          help

        Options of the load commands
          --target URL          server gRPC address (default http://127.0.0.1:5080)
          --token JWT | --token-file FILE   bearer token sent with every call, or
          --pki DIR [--role ROLE]           mint a development token from the server's PKI folder (default
                                            role admin; sealer for seal, since admins may not seal)
                                            (role(s) comma-separated, all departments, valid 23 h)
          --concurrency N       requests in flight (default 8)
          --duration S          measured seconds (default 10); --warmup S unmeasured seconds first (default 2)
          --deadline S          per-call deadline (default 30)
          --scenario NAME       name in the report; --labels k=v,k=v   labels in the report (algorithm, cache, ...)
          --out FILE.json       where the JSON report goes (default: stdout only gets the summary)
          --fail-on-errors      exit 1 when a request failed or an answer was not the expected one
          --max-requests N      (mixed-*) end the measured phase after N requests if its duration has not ended it first
          --issue-concurrency N parallel Issue calls when building a pool (default 8)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse(args, Flags);
        switch (line.Command)
        {
            case "help" or "--help" or "-h":
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            case "issue":
                return await IssueAsync(line, output, cancellationToken).ConfigureAwait(false);
            case "verify":
                return await LoadAsync(line, output, "verify", VerifyBatchScenario.RunAsync, cancellationToken).ConfigureAwait(false);
            case "grants":
                return await LoadAsync(line, output, "grants", GrantCheckScenario.RunAsync, cancellationToken).ConfigureAwait(false);
            case "seal":
                return await LoadAsync(line, output, "seal", SealPdfScenario.RunAsync, cancellationToken, defaultRole: "sealer").ConfigureAwait(false);
            case "mixed-issue":
                return await MixedIssueAsync(line, output, cancellationToken).ConfigureAwait(false);
            case "mixed-verify":
                return await LoadAsync(line, output, "mixed verify", MixedVerifyScenario.RunAsync, cancellationToken).ConfigureAwait(false);
            case "mixed-grants":
                return await LoadAsync(line, output, "mixed grants", MixedGrantScenario.RunAsync, cancellationToken).ConfigureAwait(false);
            case "mixed-seal":
                return await LoadAsync(line, output, "mixed seal", MixedSealScenario.RunAsync, cancellationToken, defaultRole: "sealer").ConfigureAwait(false);
            case "chart":
                return Chart(line, output);
            default:
                throw new UsageException($"unknown command '{line.Command}'");
        }
    }

    private delegate Task<LoadReport> Scenario(CommandLine line, ServerConnection connection, LoadPlan plan, TextWriter log, CancellationToken cancellationToken);

    private static async Task<int> LoadAsync(CommandLine line, TextWriter output, string defaultName, Scenario scenario, CancellationToken cancellationToken, string defaultRole = "admin")
    {
        var plan = LoadPlan.Read(line, defaultName);
        var outPath = line.Text("out");
        var failOnErrors = line.Flag("fail-on-errors");
        using var connection = ServerConnection.Open(line, defaultRole);
        await output.WriteLineAsync($"[{plan.Scenario}] target {connection.Target}").ConfigureAwait(false);
        var report = await scenario(line, connection, plan, output, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(Summary(report)).ConfigureAwait(false);
        if (outPath is not null)
        {
            report.Save(outPath);
            await output.WriteLineAsync($"[{plan.Scenario}] report: {Path.GetFullPath(outPath)}").ConfigureAwait(false);
        }

        if (report.Requests == 0)
        {
            await output.WriteLineAsync($"[{plan.Scenario}] no request succeeded").ConfigureAwait(false);
            return 1;
        }

        return failOnErrors && (report.ErrorCount > 0 || report.Unexpected > 0) ? 1 : 0;
    }

    private static async Task<int> IssueAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        var department = line.RequiredText("department");
        var count = line.Int("count", 1_000, 1, 10_000_000);
        var file = line.RequiredText("pool-file");
        var concurrency = line.Int("issue-concurrency", 8, 1, 1_000);
        using var connection = ServerConnection.Open(line);
        line.RejectUnknown();
        var client = new Trust.Grpc.V1.LicenceService.LicenceServiceClient(connection.Channel);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pool = await LicencePool.IssueAsync(client, department, count, concurrency, connection.Headers, output, cancellationToken).ConfigureAwait(false);
        LicencePool.Save(file, pool);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"issued {pool.Count} licences for {department} in {clock.Elapsed.TotalSeconds:0.0} s ({pool.Count / clock.Elapsed.TotalSeconds:0} /s) into {Path.GetFullPath(file)}")).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> MixedIssueAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        line.RequiredText("pool-file");
        line.RequiredText("pki");
        var seed = line.Int("seed", 20, int.MinValue, int.MaxValue);
        using var connection = ServerConnection.Open(line);
        var client = new Trust.Grpc.V1.LicenceService.LicenceServiceClient(connection.Channel);
        if (File.Exists(line.Text("pool-file")))
        {
            throw new UsageException($"--pool-file {line.Text("pool-file")}: exists already (mixed-issue writes a new pool)");
        }

        var pool = await MixedVerifyScenario.ObtainAsync(line, client, connection, seed, output, cancellationToken, rejectUnknown: true).ConfigureAwait(false);
        await output.WriteLineAsync($"mixed pool: {pool.Count} licences, {pool.Select(l => l.TypeCode).Distinct().Count()} types, {pool.Select(l => l.Department).Distinct().Count()} departments").ConfigureAwait(false);
        return 0;
    }

    private static int Chart(CommandLine line, TextWriter output)
    {
        var outDir = line.RequiredText("out-dir");
        var reports = line.RequiredText("reports").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var title = line.Text("title", "Trust server load")!;
        var prefix = line.Text("prefix", string.Empty)!;
        line.RejectUnknown();
        var loaded = reports.Select(LoadReport.Load).ToList();
        Directory.CreateDirectory(outDir);
        foreach (var written in Charts.Write(loaded, outDir, title, prefix))
        {
            output.WriteLine("wrote " + Path.GetFullPath(written));
        }

        return 0;
    }

    internal static string Summary(LoadReport r)
    {
        var errors = r.ErrorCount == 0 ? "no errors" : $"{r.ErrorCount} failed requests ({string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}"))})";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{r.Scenario}] {r.ItemsPerSecond:0} items/s, {r.RequestsPerSecond:0} requests/s over {r.ElapsedSeconds:0.0} s; latency ms p50 {r.LatencyMs.P50} p95 {r.LatencyMs.P95} p99 {r.LatencyMs.P99} max {r.LatencyMs.Max}; {errors}; unexpected answers {r.Unexpected}");
    }
}
