using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;
using Trust.Core.Timestamps;

namespace Trust.Core.Tests.Timestamps;

/// <summary>A root CA and a TSA certificate per algorithm (RSA, SM2), made once; a clock fixed at <see cref="Now"/>.</summary>
public sealed class TsaTestPki : IDisposable
{
    internal static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, (SigningKey Root, byte[] RootCert, SigningKey Tsa, byte[] TsaCert)> _pkis = [];

    public TsaTestPki()
    {
        foreach (var alg in new[] { "rsa", "sm2" })
        {
            SigningKey root = alg == "rsa" ? RsaSigningKey.Generate() : Sm2SigningKey.Generate();
            SigningKey tsa = alg == "rsa" ? RsaSigningKey.Generate() : Sm2SigningKey.Generate();
            var rootCert = new CertificateBuilder(new CertificateSubject($"{alg} TSA test root", "Tests"), root.PublicKey)
            {
                NotBefore = Now.AddYears(-1),
                NotAfter = Now.AddYears(10),
                IsCertificateAuthority = true,
                PathLength = 1,
                KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            }.SelfSign(root);
            _pkis[alg] = (root, rootCert, tsa, TsaCertificate(alg, root, rootCert, tsa, b => b.WithSignerRole(SignerRole.TimestampAuthority)));
        }
    }

    internal byte[] RootCert(string alg) => _pkis[alg].RootCert;

    internal byte[] TsaCert(string alg) => _pkis[alg].TsaCert;

    internal SigningKey TsaKey(string alg) => _pkis[alg].Tsa;

    /// <summary>Another TSA certificate for the same TSA key, configured by <paramref name="configure"/>.</summary>
    internal byte[] TsaCertificateWith(string alg, Action<CertificateBuilder> configure) =>
        TsaCertificate(alg, _pkis[alg].Root, _pkis[alg].RootCert, _pkis[alg].Tsa, configure);

    internal TimestampAuthority Authority(string alg, TimeProvider? clock = null, byte[]? certificate = null) => new(new TimestampAuthorityOptions
    {
        Key = TsaKey(alg),
        CertificateChain = [certificate ?? TsaCert(alg), RootCert(alg)],
        Clock = clock ?? new FixedClock(Now),
    });

    internal CertificateValidator Validator(string alg) => new([RootCert(alg)]);

    private static byte[] TsaCertificate(string alg, SigningKey root, byte[] rootCert, SigningKey tsa, Action<CertificateBuilder> configure)
    {
        var builder = new CertificateBuilder(new CertificateSubject($"{alg} test TSA", "Tests", "Time-Stamp Authority"), tsa.PublicKey)
        {
            NotBefore = Now.AddMonths(-1),
            NotAfter = Now.AddYears(2),
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
        };
        configure(builder);
        return builder.Sign(rootCert, root);
    }

    public void Dispose()
    {
        foreach (var (root, _, tsa, _) in _pkis.Values)
        {
            root.Dispose();
            tsa.Dispose();
        }
    }
}

/// <summary>A clock that says what the test tells it.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
