using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;

namespace Trust.Bench;

/// <summary>
/// SM2 sign/verify per engine (issue 9). <c>Fast</c> is the managed constant-time engine,
/// <c>BouncyCastle</c> the reference; <c>EcdsaP256</c> is the platform's ECDSA P-256 (OpenSSL
/// underneath on Linux) for scale. <c>Key = Fixed</c> reuses one key (the verification key and
/// its cached table are warm); <c>Key = Fresh</c> imports the key inside every operation.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*Sm2*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class Sm2Benchmarks
{
    private static readonly byte[] Scalar = Convert.FromHexString("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");

    private readonly byte[] _message = new byte[256];
    private SigningKey _signer = null!;
    private VerificationKey _verifier = null!;
    private byte[] _signature = [];
    private byte[] _point = [];
    private ECParameters _ecParameters;
    private ECDsa? _ecdsa;

    [Params("Fast", "BouncyCastle", "EcdsaP256")]
    public string Engine { get; set; } = "Fast";

    [Params("Fixed", "Fresh")]
    public string Key { get; set; } = "Fixed";

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_message);
        if (Engine == "EcdsaP256")
        {
            _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            _ecParameters = _ecdsa.ExportParameters(includePrivateParameters: true);
            _signature = _ecdsa.SignData(_message, HashAlgorithmName.SHA256);
            return;
        }

        var sm2 = Sm2SigningKey.FromPrivateScalar(Scalar, engine: Kind);
        _signer = sm2;
        _point = ((Sm2VerificationKey)sm2.PublicKey).Point.ToArray();
        _verifier = Sm2VerificationKey.FromPoint(_point, engine: Kind);
        _signature = sm2.Sign(SignatureAlgorithm.Sm2Sm3, _message);
        if (!_verifier.Verify(SignatureAlgorithm.Sm2Sm3, _message, _signature))
        {
            throw new InvalidOperationException("benchmark setup: signature does not verify");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ecdsa?.Dispose();
        (_signer as IDisposable)?.Dispose();
    }

    private Sm2EngineKind Kind => Engine == "Fast" ? Sm2EngineKind.Fast : Sm2EngineKind.BouncyCastle;

    [Benchmark]
    public byte[] Sign()
    {
        if (_ecdsa is not null)
        {
            if (Key == "Fixed")
            {
                return _ecdsa.SignData(_message, HashAlgorithmName.SHA256);
            }

            using var fresh = ECDsa.Create(_ecParameters);
            return fresh.SignData(_message, HashAlgorithmName.SHA256);
        }

        if (Key == "Fixed")
        {
            return _signer.Sign(SignatureAlgorithm.Sm2Sm3, _message);
        }

        using var key = Sm2SigningKey.FromPrivateScalar(Scalar, engine: Kind);
        return key.Sign(SignatureAlgorithm.Sm2Sm3, _message);
    }

    [Benchmark]
    public bool Verify()
    {
        if (_ecdsa is not null)
        {
            if (Key == "Fixed")
            {
                return _ecdsa.VerifyData(_message, _signature, HashAlgorithmName.SHA256);
            }

            using var fresh = ECDsa.Create(new ECParameters { Curve = _ecParameters.Curve, Q = _ecParameters.Q });
            return fresh.VerifyData(_message, _signature, HashAlgorithmName.SHA256);
        }

        var verifier = Key == "Fixed" ? _verifier : Sm2VerificationKey.FromPoint(_point, engine: Kind);
        return verifier.Verify(SignatureAlgorithm.Sm2Sm3, _message, _signature);
    }
}
