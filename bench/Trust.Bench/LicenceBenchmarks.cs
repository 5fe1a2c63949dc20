using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Bench;

/// <summary>Issue and verify one licence (a business licence) per COSE algorithm.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LicenceBenchmarks
{
    private LicenceIssuer _issuer = null!;
    private LicenceVerifier _verifier = null!;
    private LicenceIssueRequest _request = null!;
    private ReadOnlyMemory<byte> _licence;

    /// <summary>COSE algorithm: SM2-SM3 (-65540), ES256, PS256, RS256.</summary>
    [Params("SM2-SM3", "ES256", "PS256", "RS256")]
    public string Algorithm { get; set; } = "SM2-SM3";

    [GlobalSetup]
    public void Setup()
    {
        var alg = Algorithm switch
        {
            "SM2-SM3" => SignatureAlgorithm.Sm2Sm3,
            "ES256" => SignatureAlgorithm.EcdsaP256Sha256,
            "PS256" => SignatureAlgorithm.RsaPssSha256,
            _ => SignatureAlgorithm.RsaPkcs1Sha256,
        };
        var setup = LicenceBenchSetup.Create(SignatureAlgorithms.KeyAlgorithmOf(alg), alg);
        _issuer = setup.Issuer;
        _verifier = setup.Verifier;
        _request = LicenceBenchSetup.ExampleRequest(LicenceCatalog.Default.Get("BL"));
        _licence = _issuer.IssueAsync(_request).GetAwaiter().GetResult().Encoded;
    }

    [Benchmark]
    public SignedLicence Issue() => _issuer.IssueAsync(_request).GetAwaiter().GetResult();

    [Benchmark]
    public LicenceVerdict Verify() => _verifier.VerifyAsync(_licence).GetAwaiter().GetResult().Verdict;
}

/// <summary>
/// <c>VerifyMany</c> over 10,000 licences spread across all catalog types (600 distinct licences,
/// repeated; every item still gets its own signature check). Licences/s = 10,000 / mean time.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class LicenceVerifyManyBenchmarks
{
    private const int Count = 10_000;
    private const int Distinct = 600;

    private LicenceVerifier _verifier = null!;
    private List<ReadOnlyMemory<byte>> _batch = null!;

    /// <summary>Issuer key kind.</summary>
    [Params("SM2-SM3", "RS256")]
    public string Algorithm { get; set; } = "SM2-SM3";

    [GlobalSetup]
    public void Setup()
    {
        var alg = Algorithm == "RS256" ? SignatureAlgorithm.RsaPkcs1Sha256 : SignatureAlgorithm.Sm2Sm3;
        var setup = LicenceBenchSetup.Create(SignatureAlgorithms.KeyAlgorithmOf(alg), alg);
        _verifier = setup.Verifier;
        var types = LicenceCatalog.Default.Types;
        var distinct = Enumerable.Range(0, Distinct)
            .Select(i => setup.Issuer.IssueAsync(LicenceBenchSetup.ExampleRequest(types[i % types.Count])).GetAwaiter().GetResult().Encoded)
            .ToList();
        _batch = Enumerable.Range(0, Count).Select(i => distinct[i % Distinct]).ToList();
        var check = _verifier.VerifyManyAsync(distinct).GetAwaiter().GetResult();
        if (check.Any(r => !r.IsValid))
        {
            throw new InvalidOperationException("benchmark licences must verify valid: " + check.First(r => !r.IsValid));
        }
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int VerifyMany() => _verifier.VerifyManyAsync(_batch).GetAwaiter().GetResult().Count;
}

/// <summary>
/// What a cold-cache verification costs beyond the signature check (issue 7: cold verification
/// should be limited by the signature check, not by the server): <c>CheckContent</c> (parse,
/// signature, chain at issue time, schema) of one licence against a bare signature verification
/// by the issuer's key over a message of the licence's length. The ratio is the overhead factor.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LicenceContentCheckBenchmarks
{
    private LicenceVerifier _verifier = null!;
    private ReadOnlyMemory<byte> _licence;
    private VerificationKey _issuerKey = null!;
    private SignatureAlgorithm _algorithm;
    private byte[] _message = null!;
    private byte[] _signature = null!;

    /// <summary>Issuer key kind.</summary>
    [Params("SM2-SM3", "RS256")]
    public string Algorithm { get; set; } = "SM2-SM3";

    [GlobalSetup]
    public void Setup()
    {
        _algorithm = Algorithm == "RS256" ? SignatureAlgorithm.RsaPkcs1Sha256 : SignatureAlgorithm.Sm2Sm3;
        var setup = LicenceBenchSetup.Create(SignatureAlgorithms.KeyAlgorithmOf(_algorithm), _algorithm);
        _verifier = setup.Verifier;
        _licence = setup.Issuer.IssueAsync(LicenceBenchSetup.ExampleRequest(LicenceCatalog.Default.Get("BL"))).GetAwaiter().GetResult().Encoded;
        _issuerKey = setup.LeafKey.PublicKey;
        _message = _licence.ToArray();
        _signature = setup.LeafKey.Sign(_algorithm, _message);
        if (_verifier.CheckContent(_licence).Verdict != LicenceVerdict.Valid || !_issuerKey.Verify(_algorithm, _message, _signature))
        {
            throw new InvalidOperationException("benchmark licence must verify valid");
        }
    }

    /// <summary>The signature check alone.</summary>
    [Benchmark(Baseline = true)]
    public bool Signature() => _issuerKey.Verify(_algorithm, _message, _signature);

    /// <summary>Everything a cache miss costs before the status lookup.</summary>
    [Benchmark]
    public LicenceVerdict CheckContent() => _verifier.CheckContent(_licence).Verdict;
}

internal sealed record LicenceBenchSetup(LicenceIssuer Issuer, LicenceVerifier Verifier, SigningKey LeafKey)
{
    public static LicenceIssueRequest ExampleRequest(LicenceType type)
    {
        var fields = type.ExampleFields();
        return new LicenceIssueRequest(type.Code, type.ExampleHolderId, fields[LicenceType.HolderNameField], fields);
    }

    public static LicenceBenchSetup Create(KeyAlgorithm keyAlgorithm, SignatureAlgorithm algorithm)
    {
        SigningKey NewKey() => keyAlgorithm switch
        {
            KeyAlgorithm.Sm2 => Sm2SigningKey.Generate(),
            KeyAlgorithm.Rsa => RsaSigningKey.Generate(2048),
            _ => EcdsaSigningKey.Generate(),
        };

        var rootKey = NewKey();
        var caKey = NewKey();
        var leafKey = NewKey();
        const X509KeyUsageFlags caUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;
        var root = new CertificateBuilder(new CertificateSubject("Bench Root"), rootKey.PublicKey) { IsCertificateAuthority = true, KeyUsage = caUsage }.SelfSign(rootKey);
        var ca = new CertificateBuilder(new CertificateSubject("Bench CA"), caKey.PublicKey) { IsCertificateAuthority = true, KeyUsage = caUsage }.Sign(root, rootKey);
        var leaf = new CertificateBuilder(new CertificateSubject("Bench licence issuer"), leafKey.PublicKey)
            .WithSignerRole(SignerRole.LicenceIssuer, "SAMR3301", LicenceCatalog.Default.Types.Select(t => t.DepartmentKind).Distinct()).Sign(ca, caKey);
        var store = new InMemoryTrustStore();
        var issuer = new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = leafKey, CertificateChain = [leaf, ca], StatusListId = "SAMR3301-L1", Algorithm = algorithm },
            store,
            store);
        return new LicenceBenchSetup(issuer, new LicenceVerifier(new CertificateValidator([root]), new StoreStatusSource(store)), leafKey);
    }

}
