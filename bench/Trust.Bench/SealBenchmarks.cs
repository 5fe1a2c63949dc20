using Trust.Core.Licences;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;

namespace Trust.Bench;

/// <summary>A signer identity: key and DER certificate.</summary>
internal sealed record SealBenchIdentity(SigningKey Key, byte[] Certificate);

/// <summary>An SM2 and an RSA CA, seal makers and department signers, and a validator trusting both roots.</summary>
internal sealed class SealBenchPki
{
    public SealBenchPki(int sm2Signers, int rsaSigners)
    {
        Sm2Root = Root(Sm2SigningKey.Generate(), "Bench SM2 Root");
        RsaRoot = Root(RsaSigningKey.Generate(2048), "Bench RSA Root");
        var sm2Maker = Issue(Sm2Root, Sm2SigningKey.Generate(), "Bench SM2 Seal Maker", SignerRole.SealMaker);
        var rsaMaker = Issue(RsaRoot, RsaSigningKey.Generate(2048), "Bench RSA Seal Maker", SignerRole.SealMaker);
        Sm2Maker = new SealMaker(sm2Maker.Certificate, sm2Maker.Key, "Bench");
        RsaMaker = new SealMaker(rsaMaker.Certificate, rsaMaker.Key, "Bench");
        Sm2Signers = [.. Enumerable.Range(0, sm2Signers).Select(i => Issue(Sm2Root, Sm2SigningKey.Generate(), $"SM2 Department {i}", SignerRole.SealSigner))];
        RsaSigners = [.. Enumerable.Range(0, rsaSigners).Select(i => Issue(RsaRoot, RsaSigningKey.Generate(2048), $"RSA Department {i}", SignerRole.SealSigner))];
        Validator = new CertificateValidator([Sm2Root.Certificate, RsaRoot.Certificate]);
    }

    public SealBenchIdentity Sm2Root { get; }

    public SealBenchIdentity RsaRoot { get; }

    public SealMaker Sm2Maker { get; }

    public SealMaker RsaMaker { get; }

    public IReadOnlyList<SealBenchIdentity> Sm2Signers { get; }

    public IReadOnlyList<SealBenchIdentity> RsaSigners { get; }

    public CertificateValidator Validator { get; }

    public SesSeal MakeSeal(string id, SealBenchIdentity signer, SealKind kind = SealKind.Official) =>
        (signer.Key.KeyAlgorithm == KeyAlgorithm.Sm2 ? Sm2Maker : RsaMaker).Make(new SealRequest
        {
            EsId = id,
            Kind = kind,
            Name = "基准测试" + SealKinds.ChineseName(kind),
            SignerCertificates = [signer.Certificate],
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidTo = DateTimeOffset.UtcNow.AddYears(1),
            Picture = new SesPictureInfo("PNG", RandomNumberGenerator.GetBytes(8 * 1024), 42, 42),
        });

    private static SealBenchIdentity Root(SigningKey key, string name)
    {
        var builder = new CertificateBuilder(new CertificateSubject(name), key.PublicKey)
        {
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            NotAfter = DateTimeOffset.UtcNow.AddYears(5),
        };
        return new SealBenchIdentity(key, builder.SelfSign(key));
    }

    private static SealBenchIdentity Issue(SealBenchIdentity issuer, SigningKey key, string name, SignerRole role)
    {
        var builder = new CertificateBuilder(new CertificateSubject(name), key.PublicKey)
        {
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            NotAfter = DateTimeOffset.UtcNow.AddYears(2),
        };
        return new SealBenchIdentity(key, builder.WithSignerRole(role).Sign(issuer.Certificate, issuer.Key));
    }
}

/// <summary>
/// GB/T 38540 SES_Signature over files: sign-file and verify-file (full verification: maker signature, seal
/// validity, signer listed, both chains through <see cref="CertificateValidator"/>, signer signature, streamed
/// data hash) for a 1 KB and a 10 MB file with an SM2 seal (SM3 data hash) and an RSA seal (SHA-256).
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*SealFile*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SealFileBenchmarks
{
    private SealBenchPki _pki = null!;
    private SesSeal _seal = null!;
    private SealBenchIdentity _signer = null!;
    private SesSignature _signature = null!;
    private SealSignatureVerifier _verifier = null!;
    private string _path = null!;

    /// <summary>The seal's algorithm.</summary>
    [Params("SM2", "RSA")]
    public string Algorithm { get; set; } = "SM2";

    /// <summary>File size in bytes.</summary>
    [Params(1024, 10 * 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>Creates the PKI, the seal and the file.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _pki = new SealBenchPki(1, 1);
        _signer = Algorithm == "SM2" ? _pki.Sm2Signers[0] : _pki.RsaSigners[0];
        _seal = _pki.MakeSeal("BENCH-" + Algorithm, _signer);
        _path = Path.Combine(Path.GetTempPath(), $"trust-seal-bench-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(_path, RandomNumberGenerator.GetBytes(Size));
        _signature = new SealSigner().SignFile(_seal, _signer.Certificate, _signer.Key, _path);
        _verifier = new SealSignatureVerifier(_pki.Validator);
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Signs the file and encodes the SES_Signature.</summary>
    [Benchmark]
    public byte[] SignFile() => new SealSigner().SignFile(_seal, _signer.Certificate, _signer.Key, _path).Encode();

    /// <summary>Decodes the SES_Signature and verifies it against the file.</summary>
    [Benchmark]
    public bool VerifyFile()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return _verifier.Verify(_signature.Encode(), stream).IsValid;
    }
}

/// <summary>
/// Signs and verifies 1 KB with each of 160 seals in turn (86 SM2 seals with 86 distinct SM2 signers, 74 RSA seals
/// sharing 8 RSA signer keys to keep RSA key generation in the setup short), so per-key work and caches are exercised.
/// One operation = one seal: sign, encode, decode, verify.
/// </summary>
[MemoryDiagnoser]
public class SealRotationBenchmarks
{
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(1024);
    private (SesSeal Seal, SealBenchIdentity Signer)[] _seals = [];
    private SealSignatureVerifier _verifier = null!;
    private int _next;

    /// <summary>Creates 160 seals.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var pki = new SealBenchPki(86, 8);
        var sm2 = pki.Sm2Signers.Select((s, i) => (pki.MakeSeal($"SM2-{i}", s), s));
        var rsa = Enumerable.Range(0, 74).Select(i => (pki.MakeSeal($"RSA-{i}", pki.RsaSigners[i % 8]), pki.RsaSigners[i % 8]));
        _seals = [.. sm2.Concat(rsa)];
        _verifier = new SealSignatureVerifier(pki.Validator);
    }

    /// <summary>Signs and verifies with the next seal of the 160.</summary>
    [Benchmark]
    public bool SignAndVerifyRotatingSeals()
    {
        var (seal, signer) = _seals[_next++ % _seals.Length];
        var der = new SealSigner().Sign(seal, signer.Certificate, signer.Key, new MemoryStream(_data)).Encode();
        return _verifier.Verify(der, new MemoryStream(_data)).IsValid;
    }
}
