using BenchmarkDotNet.Attributes;
using Trust.Core.Crypto;

namespace Trust.Bench;

/// <summary>SM3 over 1 MiB: the managed engine (<c>Fast</c>) against BouncyCastle's SM3Digest.</summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class Sm3Benchmarks
{
    private readonly byte[] _data = new byte[1 << 20];

    [Params("Fast", "BouncyCastle")]
    public string Engine { get; set; } = "Fast";

    [GlobalSetup]
    public void Setup() => new Random(3).NextBytes(_data);

    [Benchmark]
    public byte[] Hash1MiB()
    {
        using Digest digest = Engine == "Fast" ? new Trust.Core.Crypto.Sm3.Sm3Digest() : new Sm3Engines.BouncyCastleSm3Digest();
        digest.Append(_data);
        return digest.Finish();
    }
}
