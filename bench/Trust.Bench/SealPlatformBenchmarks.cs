using BenchmarkDotNet.Attributes;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;
using Trust.Pdf;

namespace Trust.Bench;

/// <summary>
/// What sealing through a seal platform costs against sealing with a local key, in the same run (issue 16): a 1 MB PDF one
/// at a time (local key; through an in-process <see cref="SealPlatform"/> with its authorisation per signature; two-phase
/// prepare/complete with the platform), and 100 to-be-signed digests in one authorised batch against 100 local signatures.
/// The platform is in-process: the figures are the authorisation, digest binding, signature check and two-phase costs,
/// not a network hop.
/// Run: <c>dotnet bench/Trust.Bench/bin/Release/net10.0/Trust.Bench.dll --filter '*SealPlatformBenchmarks*' --inProcess --strategy Monitoring --launchCount 1 --warmupCount 2 --iterationCount 15</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SealPlatformBenchmarks
{
    private const string SealId = "BENCH-PLATFORM-1";
    private const int Batch = 100;
    private static readonly SealCaller Caller = new("bench-licence-server", new HashSet<string> { "BENCH" });

    private byte[] _pdf = [];
    private PdfSealOptions _local = null!;
    private PdfSealOptions _keyless = null!;
    private SealPlatform _platform = null!;
    private PlatformSealProvider _remote = null!;
    private SealSessionProtector _protector = null!;
    private PreparedSeal[] _batch = [];
    private SealSigningItem[] _batchItems = [];
    private ReadOnlyMemory<byte>[] _batchDigests = [];
    private SigningKey _key = null!;

    [Params("SM2", "RSA")]
    public string Algorithm { get; set; } = "SM2";

    [GlobalSetup]
    public void Setup()
    {
        var setup = BenchSealSetup.Create(Algorithm, SealId);
        var (seal, chain) = (setup.Seal, setup.Chain);
        (_pdf, _key, _local, _keyless) = (setup.Pdf, setup.Key, setup.Local, setup.Keyless);
        var algorithm = setup.Algorithm;
        var provider = setup.Provider;
        _platform = new SealPlatform(provider, new NoAudit(), TimeSpan.FromHours(1), 1000);
        _remote = new PlatformSealProvider(_platform, Caller, "bench.pdf");
        _protector = SealSessionProtector.CreateRandom(TimeSpan.FromHours(1));

        var signer = new SealSigner();
        _batch = Enumerable.Range(0, Batch)
            .Select(i => signer.Prepare(seal, chain[0], new MemoryStream(BitConverter.GetBytes(i)), _protector, $"file-{i}"))
            .ToArray();
        _batchItems = _batch.Select((p, i) => new SealSigningItem(p.ToBeSigned, $"file-{i}")).ToArray();
        _batchDigests = _batch.Select(p => p.Digest).ToArray();
    }

    [Benchmark(Baseline = true, Description = "1 MB PDF, local key")]
    public long SealPdfLocal()
    {
        using var output = new MemoryStream(_pdf.Length + 64 * 1024);
        PdfSealer.Seal(new MemoryStream(_pdf, writable: false), output, _local);
        return output.Length;
    }

    [Benchmark(Description = "1 MB PDF, through platform")]
    public long SealPdfThroughPlatform()
    {
        using var output = new MemoryStream(_pdf.Length + 64 * 1024);
        PdfSealer.Seal(new MemoryStream(_pdf, writable: false), output, _keyless, _remote, SealId);
        return output.Length;
    }

    [Benchmark(Description = "1 MB PDF, two-phase + platform")]
    public long SealPdfTwoPhase()
    {
        using var output = new MemoryStream(_pdf.Length + 64 * 1024);
        var prepared = PdfSealer.Prepare(new MemoryStream(_pdf, writable: false), output, _keyless, _protector);
        var authorization = _platform.Authorize(Caller, SealId, [prepared.Digest]);
        var value = _platform.SignDigests(Caller, authorization.Id, [new SealSigningItem(prepared.ToBeSigned, "bench.pdf")])[0];
        PdfSealer.Complete(output, prepared.Session.Span, value, _protector);
        return output.Length;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "100 digests, local key (per digest)")]
    public int SignBatchLocal()
    {
        var total = 0;
        var algorithm = _batch[0].Algorithm;
        foreach (var prepared in _batch)
        {
            total += _key.Sign(algorithm, prepared.ToBeSigned.Span).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "100 digests, one platform batch (per digest)")]
    public int SignBatchThroughPlatform()
    {
        var authorization = _platform.Authorize(Caller, SealId, _batchDigests);
        return _platform.SignDigests(Caller, authorization.Id, _batchItems).Count;
    }

    private sealed class NoAudit : ISealPlatformAudit
    {
        public void Record(SealPlatformUse use)
        {
        }
    }
}
