using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;
using Trust.Core.Timestamps;

namespace Trust.Bench;

/// <summary>
/// The RFC 3161 TSA: answering one DER request (parse, build TSTInfo, sign) with an RSA-2048 and an SM2 key, and checking
/// one token (structure, ESS certificate, signature, chain). Timestamps per second = 1 / mean, per core.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*TimestampBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class TimestampBenchmarks
{
    private TimestampAuthority _rsa = null!;
    private TimestampAuthority _sm2 = null!;
    private byte[] _request = null!;
    private byte[] _rsaToken = null!;
    private byte[] _sm2Token = null!;
    private CertificateValidator _validator = null!;
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(1024);

    [GlobalSetup]
    public void Setup()
    {
        var (rsa, rsaRoot) = Authority(RsaSigningKey.Generate(2048), RsaSigningKey.Generate(2048));
        var (sm2, sm2Root) = Authority(Sm2SigningKey.Generate(), Sm2SigningKey.Generate());
        _rsa = rsa;
        _sm2 = sm2;
        _validator = new CertificateValidator([rsaRoot, sm2Root]);
        var imprint = SHA256.HashData(_data);
        _request = new Org.BouncyCastle.Asn1.Tsp.TimeStampReq(
            new Org.BouncyCastle.Asn1.Tsp.MessageImprint(new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(new Org.BouncyCastle.Asn1.DerObjectIdentifier("2.16.840.1.101.3.4.2.1")), imprint),
            null, Org.BouncyCastle.Asn1.DerInteger.ValueOf(12345), Org.BouncyCastle.Asn1.DerBoolean.True, null).GetEncoded();
        _rsaToken = _rsa.Stamp(DigestAlgorithm.Sha256, imprint);
        _sm2Token = _sm2.Stamp(DigestAlgorithm.Sha256, imprint);
    }

    [Benchmark(Baseline = true, Description = "TSA respond (RSA-2048)")]
    public byte[] RespondRsa() => _rsa.Respond(_request);

    [Benchmark(Description = "TSA respond (SM2)")]
    public byte[] RespondSm2() => _sm2.Respond(_request);

    [Benchmark(Description = "verify token (RSA-2048)")]
    public bool VerifyRsa() => TimestampTokenVerifier.Verify(_rsaToken, _data, _validator).IsValid;

    [Benchmark(Description = "verify token (SM2)")]
    public bool VerifySm2() => TimestampTokenVerifier.Verify(_sm2Token, _data, _validator).IsValid;

    internal static (TimestampAuthority Authority, byte[] Root) Authority(SigningKey rootKey, SigningKey tsaKey)
    {
        var root = new CertificateBuilder(new CertificateSubject("Bench TSA root", "Bench"), rootKey.PublicKey)
        {
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        }.SelfSign(rootKey);
        var tsa = new CertificateBuilder(new CertificateSubject("Bench TSA", "Bench"), tsaKey.PublicKey)
            .WithSignerRole(SignerRole.TimestampAuthority).Sign(root, rootKey);
        return (new TimestampAuthority(new TimestampAuthorityOptions { Key = tsaKey, CertificateChain = [tsa, root] }), root);
    }
}
