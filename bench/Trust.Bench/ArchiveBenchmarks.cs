using BenchmarkDotNet.Attributes;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Pdf;

namespace Trust.Bench;

/// <summary>
/// PAdES B-LT / B-LTA on a 20 MB sealed PDF (RSA seal): sealing it (baseline), extending it to B-LT (DSS only) and to
/// B-LTA (DSS plus document time-stamp from an in-process RSA TSA), files on disk.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*ArchiveBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ArchiveBenchmarks
{
    private string _input = string.Empty;
    private string _sealed = string.Empty;
    private string _output = string.Empty;
    private PdfSealOptions _options = null!;
    private ITimestampClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = Path.Combine(Path.GetTempPath(), $"trust-bench-archive-{Guid.NewGuid():N}.pdf");
        _sealed = _input + ".sealed.pdf";
        _output = _input + ".out.pdf";
        PdfBenchData.WriteLargePdf(_input, 20L * 1024 * 1024);
        _options = PdfBenchData.Options(KeyAlgorithm.Rsa);
        var (authority, root) = TimestampBenchmarks.Authority(RsaSigningKey.Generate(2048), RsaSigningKey.Generate(2048));
        _client = new LocalTimestampClient(authority, new CertificateValidator([root]));
        PdfSealer.Seal(_input, _sealed, _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_input);
        File.Delete(_sealed);
        File.Delete(_output);
    }

    [Benchmark(Baseline = true, Description = "seal 20 MB (RSA)")]
    public string Seal() => PdfSealer.Seal(_input, _output, _options);

    [Benchmark(Description = "extend 20 MB to B-LT")]
    public int ExtendLt() => Extend(PdfArchiveLevel.LongTerm);

    [Benchmark(Description = "extend 20 MB to B-LTA")]
    public int ExtendLta() => Extend(PdfArchiveLevel.LongTermArchive);

    private int Extend(PdfArchiveLevel level)
    {
        using var input = new FileStream(_sealed, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var output = new FileStream(_output, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        return PdfArchiver.Extend(input, output, new PdfArchiveOptions { Level = level, TimestampClient = _client }).Certificates;
    }
}
