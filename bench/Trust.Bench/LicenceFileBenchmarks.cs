using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Seals;
using Trust.Documents;
using Trust.Pdf;

namespace Trust.Bench;

/// <summary>
/// Licence files: render, render + seal, verify, and the whole render + seal + verify of one business licence,
/// as PDF/A-3b and as OFD, with an SM2 seal (render is the baseline).
/// Run: <c>dotnet bench/Trust.Bench/bin/Release/net10.0/Trust.Bench.dll --filter '*LicenceFileBenchmarks*' --job short --inProcess</c>.
/// Files per second over 1,000 licences of mixed types (and CPU milliseconds per file, which a busy machine distorts
/// less than wall time): <c>Trust.Bench.dll licence-files 1000</c>.
/// </summary>
public class LicenceFileBenchmarks
{
    private LicenceFileBench _bench = null!;
    private SignedLicence _licence = null!;
    private byte[] _sealed = [];

    [Params("pdf", "ofd")]
    public string Format { get; set; } = "pdf";

    private LicenceFileFormat FileFormat => Format == "ofd" ? LicenceFileFormat.Ofd : LicenceFileFormat.Pdf;

    [GlobalSetup]
    public void Setup()
    {
        _bench = new LicenceFileBench();
        _licence = _bench.Issue(LicenceCatalog.Default.Get("BL"));
        _sealed = _bench.Seal(LicenceFileRenderer.Render(_licence, FileFormat));
        if (_bench.Verify(_sealed) != PdfDocumentVerdict.Valid)
        {
            throw new InvalidOperationException("benchmark file must verify valid");
        }
    }

    [Benchmark(Baseline = true)]
    public byte[] Render() => LicenceFileRenderer.Render(_licence, FileFormat);

    [Benchmark]
    public byte[] RenderAndSeal() => _bench.Seal(LicenceFileRenderer.Render(_licence, FileFormat));

    [Benchmark]
    public PdfDocumentVerdict Verify() => _bench.Verify(_sealed);

    [Benchmark]
    public PdfDocumentVerdict RenderSealVerify() => _bench.Verify(_bench.Seal(LicenceFileRenderer.Render(_licence, FileFormat)));

    /// <summary>Console mode: render + seal, then verify, N licences of mixed types per format; prints files/s.</summary>
    public static int RunBatch(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var bench = new LicenceFileBench();
        var types = LicenceCatalog.Default.Types;
        var licences = Enumerable.Range(0, count).Select(i => bench.Issue(types[i % types.Count])).ToList();
        var business = bench.Issue(LicenceCatalog.Default.Get("BL"));
        foreach (var format in new[] { LicenceFileFormat.Pdf, LicenceFileFormat.Ofd })
        {
            // One file at a time: medians of render, seal, verify (one business licence, 3 warm-up rounds, 15 measured).
            var stages = new List<double>[] { [], [], [] };
            for (var round = 0; round < 18; round++)
            {
                var t = Stopwatch.StartNew();
                var rendered = LicenceFileRenderer.Render(business, format);
                var render = t.Elapsed.TotalMilliseconds;
                t.Restart();
                var sealedFile = bench.Seal(rendered);
                var seal = t.Elapsed.TotalMilliseconds;
                t.Restart();
                _ = bench.Verify(sealedFile);
                var check = t.Elapsed.TotalMilliseconds;
                if (round >= 3)
                {
                    stages[0].Add(render);
                    stages[1].Add(seal);
                    stages[2].Add(check);
                }
            }

            static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
            var (r, se, v) = (Median(stages[0]), Median(stages[1]), Median(stages[2]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{LicenceFileFormats.ToText(format)} one file (BL), medians of 15: render {r:F1} ms, seal {se:F1} ms ({se / r:F2}x render), verify {v:F1} ms ({v / r:F2}x render), render+seal+verify {r + se + v:F1} ms; load average {LoadAverage()}"));

            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var files = new byte[count][];
            Parallel.For(0, count, i => files[i] = bench.Seal(LicenceFileRenderer.Render(licences[i], format)));
            var make = sw.Elapsed;
            var makeCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            var valid = 0;
            Parallel.For(0, count, i =>
            {
                if (bench.Verify(files[i]) == PdfDocumentVerdict.Valid)
                {
                    Interlocked.Increment(ref valid);
                }
            });
            var verify = sw.Elapsed;
            var verifyCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{LicenceFileFormats.ToText(format)}: {count} licences of {Math.Min(count, types.Count)} types, render+seal {make.TotalSeconds:F1} s ({count / make.TotalSeconds:F1} files/s), " +
                $"verify {verify.TotalSeconds:F1} s ({count / verify.TotalSeconds:F1} files/s), valid {valid}/{count}, mean size {files.Average(f => f.Length) / 1024:F0} KiB, {Environment.ProcessorCount} cores; " +
                $"CPU render+seal {makeCpu.TotalMilliseconds / count:F1} ms/file, verify {verifyCpu.TotalMilliseconds / count:F1} ms/file; load average {LoadAverage()}"));
        }

        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}

/// <summary>An SM2 licence issuer, an SM2 seal with its maker and signer, and the verifiers.</summary>
internal sealed class LicenceFileBench
{
    private readonly LicenceBenchSetup _licences = LicenceBenchSetup.Create(KeyAlgorithm.Sm2, SignatureAlgorithm.Sm2Sm3);
    private readonly SealBenchPki _pki = new(1, 0);
    private readonly LicenceFileSealOptions _seal;
    private readonly LicenceFileVerificationOptions _verify;

    public LicenceFileBench()
    {
        var signer = _pki.Sm2Signers[0];
        var seal = _pki.Sm2Maker.Make(new SealRequest
        {
            EsId = "BENCH-ELICENCE-1",
            Kind = SealKind.ELicence,
            Name = "基准测试电子证照专用章",
            SignerCertificates = [signer.Certificate],
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidTo = DateTimeOffset.UtcNow.AddYears(1),
            Picture = SealPictures.CreatePng("BENCH", "01"),
        });
        _seal = new LicenceFileSealOptions { Seal = seal, Key = signer.Key, CertificateChain = [signer.Certificate] };
        _verify = new LicenceFileVerificationOptions { Licences = _licences.Verifier, CertificateValidator = _pki.Validator };
    }

    public SignedLicence Issue(LicenceType type) => _licences.Issuer.IssueAsync(LicenceBenchSetup.ExampleRequest(type)).GetAwaiter().GetResult();

    public byte[] Seal(byte[] file) => LicenceFileSealer.Seal(file, _seal);

    public PdfDocumentVerdict Verify(byte[] file) => LicenceFileVerifier.VerifyAsync(file, _verify).GetAwaiter().GetResult().Verdict;
}
