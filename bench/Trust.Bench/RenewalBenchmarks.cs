using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
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
/// shared token once, each file's path in the tree). One-shot job: each iteration is a full run.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*RenewalBenchmarks*'</c>.
/// The bytes added per package (the size of one <c>.ers</c>) are printed at the end of the run.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
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

    private string Ers(int i) => Path.Combine(_dir, $"package-{i:D5}.zip{ArchiveRenewalOptions.EvidenceRecordExtension}");
}
