using BenchmarkDotNet.Attributes;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;

// One namespace for the crypto baselines so '--filter *CryptoBenchmarks*' selects them all.
namespace Trust.Bench.CryptoBenchmarks;

/// <summary>
/// Baselines for the crypto core: sign and verify per algorithm (SM2 through the BouncyCastle
/// engine, RSA-2048 and ECDSA P-256 through the platform), over a 256-byte message.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*CryptoBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private readonly byte[] _message = new byte[256];
    private SigningKey _key = null!;
    private VerificationKey _publicKey = null!;
    private byte[] _signature = null!;

    /// <summary>The algorithm measured.</summary>
    [Params(SignatureAlgorithm.Sm2Sm3, SignatureAlgorithm.RsaPkcs1Sha256, SignatureAlgorithm.RsaPssSha256, SignatureAlgorithm.EcdsaP256Sha256)]
    public SignatureAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_message);
        _key = Algorithm == SignatureAlgorithm.Sm2Sm3
            ? Sm2SigningKey.Generate(Sm2EngineKind.BouncyCastle)
            : SigningKeys.Generate(SignatureAlgorithms.KeyAlgorithmOf(Algorithm));
        _publicKey = _key.PublicKey;
        _signature = _key.Sign(Algorithm, _message);
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark]
    public byte[] Sign() => _key.Sign(Algorithm, _message);

    [Benchmark]
    public bool Verify() => _publicKey.Verify(Algorithm, _message, _signature);
}

/// <summary>
/// SM3 through BouncyCastle (the reference, pinned here so the baseline stays put when a faster
/// SM3 becomes the default) and SHA-256 through the platform, over 1 KB and 1 MB.
/// </summary>
[MemoryDiagnoser]
public class DigestBenchmarks
{
    private byte[] _data = null!;

    /// <summary>Input size in bytes.</summary>
    [Params(1024, 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>The digest measured.</summary>
    [Params(DigestAlgorithm.Sm3, DigestAlgorithm.Sha256)]
    public DigestAlgorithm Digest { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(7).NextBytes(_data);
    }

    [Benchmark]
    public byte[] Hash()
    {
        using var digest = Digest == DigestAlgorithm.Sm3
            ? new Sm3Engines.BouncyCastleSm3Digest()
            : Trust.Core.Crypto.Digest.Create(DigestAlgorithm.Sha256);
        digest.Append(_data);
        return digest.Finish();
    }
}
