using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Evidence;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Pdf;

namespace Trust.Bench;

/// <summary>
/// One renewal over 10,000 archived packages (10,000 files of 4 KB on disk, in-process RSA-2048 TSA): the whole run of
/// <see cref="ArchiveRenewal"/> (scan, hash every file, ONE time-stamp over the hash tree, write 10,000 sidecar evidence
/// records atomically), first protection and a time-stamp renewal (which also verifies every existing record: the
/// shared token once, each file's path in the tree). One-shot job, in process (no per-job build): each iteration is a
/// full run, one warm-up and three measured.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*RenewalBenchmarks*'</c>.
/// The bytes added per package (the size of one <c>.ers</c>) are printed at the end of the run.
/// </summary>
[Config(typeof(OneShotConfig))]
[MemoryDiagnoser]
public class RenewalBenchmarks
{
    private const int Packages = 10_000;
    private string _dir = string.Empty;
    private ITimestampClient _client = null!;
    private ArchiveRenewalOptions _firstOptions = null!;
    private ArchiveRenewalOptions _renewOptions = null!;
    private byte[][] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("trust-bench-renew-").FullName;
        var random = new Random(4998);
        var content = new byte[4096];
        for (var i = 0; i < Packages; i++)
        {
            random.NextBytes(content);
            File.WriteAllBytes(Path.Combine(_dir, $"package-{i:D5}.zip"), content);
        }

        var (authority, root) = TimestampBenchmarks.Authority(RsaSigningKey.Generate(2048), RsaSigningKey.Generate(2048));
        var validator = new CertificateValidator([root]);
        _client = new LocalTimestampClient(authority, validator);
        _firstOptions = new ArchiveRenewalOptions { Validator = validator };
        _renewOptions = new ArchiveRenewalOptions { Validator = validator, Policy = new ArchiveTimestampPolicy { RenewBefore = TimeSpan.FromDays(36500) } };
        ArchiveRenewal.ExecuteAsync(ArchiveRenewal.Plan(_dir, _firstOptions), _client, _firstOptions).GetAwaiter().GetResult();
        _records = Enumerable.Range(0, Packages).Select(i => File.ReadAllBytes(Ers(i))).ToArray();
    }

    [IterationSetup(Target = nameof(FirstProtection))]
    public void DeleteRecords()
    {
        for (var i = 0; i < Packages; i++)
        {
            File.Delete(Ers(i));
        }
    }

    [IterationSetup(Target = nameof(TimestampRenewal))]
    public void RestoreRecords()
    {
        for (var i = 0; i < Packages; i++)
        {
            File.WriteAllBytes(Ers(i), _records[i]);
        }
    }

    [Benchmark(Description = "10,000 packages, no records yet: plan + 1 time-stamp + 10,000 .ers")]
    public int FirstProtection() => Run(_firstOptions);

    [Benchmark(Description = "10,000 packages, time-stamp renewal: plan (verify each) + 1 time-stamp + 10,000 .ers")]
    public int TimestampRenewal() => Run(_renewOptions);

    [GlobalCleanup]
    public void Cleanup()
    {
        var sizes = Enumerable.Range(0, Packages).Select(i => new FileInfo(Ers(i)).Length).ToArray();
        Console.WriteLine($"// evidence record bytes per package after the last run: mean {sizes.Average():F0}, min {sizes.Min()}, max {sizes.Max()}; first-protection record mean {_records.Average(r => r.Length):F0}");
        Directory.Delete(_dir, recursive: true);
    }

    private int Run(ArchiveRenewalOptions options)
    {
        var result = ArchiveRenewal.ExecuteAsync(ArchiveRenewal.Plan(_dir, options), _client, options).GetAwaiter().GetResult();
        if (result.TimestampsRequested != 1 || result.Items.Any(i => i.Status != ArchiveRenewalStatus.Renewed))
        {
            throw new InvalidOperationException("The renewal did not renew every package with one time-stamp.");
        }

        return result.Items.Count;
    }

    /// <summary>
    /// The console mode <c>renew [N]</c>: one first protection and one time-stamp renewal of N packages (default 10,000),
    /// each timed once (wall clock and process CPU time), with the TSA requests and the bytes added per package.
    /// </summary>
    internal static int RunOnce(string[] args)
    {
        var bench = new RenewalBenchmarks();
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : Packages;
        bench._dir = Directory.CreateTempSubdirectory("trust-bench-renew-").FullName;
        try
        {
            var random = new Random(4998);
            var content = new byte[4096];
            for (var i = 0; i < count; i++)
            {
                random.NextBytes(content);
                File.WriteAllBytes(Path.Combine(bench._dir, $"package-{i:D5}.zip"), content);
            }

            var (authority, root) = TimestampBenchmarks.Authority(RsaSigningKey.Generate(2048), RsaSigningKey.Generate(2048));
            var validator = new CertificateValidator([root]);
            var client = new LocalTimestampClient(authority, validator);
            var first = new ArchiveRenewalOptions { Validator = validator };
            var renew = new ArchiveRenewalOptions { Validator = validator, Policy = new ArchiveTimestampPolicy { RenewBefore = TimeSpan.FromDays(36500) } };
            Measure("first protection", first);
            var firstSizes = Directory.GetFiles(bench._dir, "*.ers").Select(f => new FileInfo(f).Length).ToArray();
            Measure("time-stamp renewal", renew);
            var renewedSizes = Directory.GetFiles(bench._dir, "*.ers").Select(f => new FileInfo(f).Length).ToArray();
            Console.WriteLine($"bytes per package: first record mean {firstSizes.Average():F0} (min {firstSizes.Min()}, max {firstSizes.Max()}); after the renewal mean {renewedSizes.Average():F0} (+{renewedSizes.Average() - firstSizes.Average():F0})");
            return 0;

            void Measure(string name, ArchiveRenewalOptions options)
            {
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var plan = ArchiveRenewal.Plan(bench._dir, options);
                var planned = clock.Elapsed;
                var result = ArchiveRenewal.ExecuteAsync(plan, client, options).GetAwaiter().GetResult();
                var total = clock.Elapsed;
                var used = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine(System.FormattableString.Invariant($"{name}: {count} packages, {result.Items.Count(i => i.Status == ArchiveRenewalStatus.Renewed)} renewed, {result.TimestampsRequested} time-stamp(s); wall {total.TotalSeconds:F2} s (plan {planned.TotalSeconds:F2} s, execute {(total - planned).TotalSeconds:F2} s), CPU {used.TotalSeconds:F2} s, {total.TotalMilliseconds / count:F3} ms wall per package"));
            }
        }
        finally
        {
            Directory.Delete(bench._dir, recursive: true);
        }
    }

    private string Ers(int i) => Path.Combine(_dir, $"package-{i:D5}.zip{ArchiveRenewalOptions.EvidenceRecordExtension}");

    /// <summary>Monitoring strategy (one invocation per iteration), one warm-up, three iterations, in process.</summary>
    private sealed class OneShotConfig : ManualConfig
    {
        public OneShotConfig() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(60), logOutput: true)));
    }
}
