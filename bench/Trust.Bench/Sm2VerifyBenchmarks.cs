using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Trust.Bench.Baselines;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Crypto.Sm2.Fast;

namespace Trust.Bench;

/// <summary>
/// Issue 19: SM2 verification with a cached key, the engine against BouncyCastle's specialised
/// sm2p256v1 curve (the baseline), and the double-scalar multiplication u1·G + u2·Q alone, new
/// (eight 32-bit chunks, width-6 NAF for Q and width-8 for G, one chain of 33 doublings) against the issue-9 one (four 64-bit chunks,
/// width 5, 65 doublings; kept in <c>Baselines/</c>). Same run, so the ratios hold on a busy machine.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*Sm2VerifyBenchmarks*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 9)]
[MemoryDiagnoser]
public class Sm2VerifyBenchmarks
{
    private static readonly byte[] Scalar = Convert.FromHexString("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");

    private readonly byte[] _message = new byte[256];
    private byte[] _signature = [];
    private VerificationKey _fast = null!;
    private VerificationKey _bouncy = null!;
    private SigningKey _signer = null!;
    private U256 _u1;
    private U256 _u2;
    private PublicKeyTable _table = null!;
    private LegacyPublicKeyTable _legacyTable = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_message);
        var signer = Sm2SigningKey.FromPrivateScalar(Scalar, engine: Sm2EngineKind.Fast);
        _signer = signer;
        var point = ((Sm2VerificationKey)signer.PublicKey).Point.ToArray();
        _signature = signer.Sign(SignatureAlgorithm.Sm2Sm3, _message);
        _fast = Sm2VerificationKey.FromPoint(point, engine: Sm2EngineKind.Fast);
        _bouncy = Sm2VerificationKey.FromPoint(point, engine: Sm2EngineKind.BouncyCastle);
        for (var i = 0; i < 3; i++)
        {
            // The fast key builds its table on the second verification: warm it here.
            if (!_fast.Verify(SignatureAlgorithm.Sm2Sm3, _message, _signature) || !_bouncy.Verify(SignatureAlgorithm.Sm2Sm3, _message, _signature))
            {
                throw new InvalidOperationException("benchmark setup: signature does not verify");
            }
        }

        var random = new Random(7);
        var bytes = new byte[32];
        random.NextBytes(bytes);
        _u1 = Fn.Reduce(U256.FromBigEndian(bytes));
        random.NextBytes(bytes);
        _u2 = Fn.Reduce(U256.FromBigEndian(bytes));
        var q = FixedBaseMultiplier.Multiply(U256.FromBigEndian(Scalar)).ToAffine();
        _table = PublicKeyTable.Build(q);
        _legacyTable = LegacyPublicKeyTable.Build(q);
        var candidate = VerificationMultiplier.Multiply(_u1, _u2, _table).ToAffine();
        var legacy = LegacyVerificationMultiplier.Multiply(_u1, _u2, _legacyTable).ToAffine();
        if (!candidate.X.Equals(legacy.X) || !candidate.Y.Equals(legacy.Y))
        {
            throw new InvalidOperationException("benchmark setup: new and legacy multipliers disagree");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => (_signer as IDisposable)?.Dispose();

    [Benchmark(Baseline = true)]
    public bool VerifyBouncyCastle() => _bouncy.Verify(SignatureAlgorithm.Sm2Sm3, _message, _signature);

    [Benchmark]
    public bool VerifyFast() => _fast.Verify(SignatureAlgorithm.Sm2Sm3, _message, _signature);

    [Benchmark]
    public ulong MultiplyLegacy4x64() => LegacyVerificationMultiplier.Multiply(_u1, _u2, _legacyTable).Z.L0;

    [Benchmark]
    public ulong Multiply8x32Joint() => VerificationMultiplier.Multiply(_u1, _u2, _table).Z.L0;
}
