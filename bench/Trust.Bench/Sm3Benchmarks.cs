using BenchmarkDotNet.Attributes;
using Trust.Core.Crypto;

namespace Trust.Bench;

/// <summary>
/// SM3 over 1 KiB and 1 MiB: the managed engine (<c>Fast</c>, the default behind
/// <see cref="Digest.Create(DigestAlgorithm)"/>) against BouncyCastle's SM3Digest, in the same run.
/// Compare with <c>openssl speed -seconds 3 -evp sm3</c> run right after it.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class Sm3Benchmarks
{
    private readonly byte[] _hash = new byte[32];
    private byte[] _data = [];

    /// <summary>Which SM3 implementation.</summary>
    [Params("Fast", "BouncyCastle")]
    public string Engine { get; set; } = "Fast";

    /// <summary>Input length in bytes.</summary>
    [Params(1024, 1 << 20)]
    public int Size { get; set; } = 1 << 20;

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(3).NextBytes(_data);
    }

    [Benchmark]
    public byte[] Hash()
    {
        using Digest digest = Engine == "Fast" ? new Trust.Core.Crypto.Sm3.Sm3Digest() : new Sm3Engines.BouncyCastleSm3Digest();
        digest.Append(_data);
        digest.Finish(_hash);
        return _hash;
    }
}
