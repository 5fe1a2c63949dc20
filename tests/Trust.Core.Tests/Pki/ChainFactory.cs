using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;

namespace Trust.Core.Tests.Pki;

/// <summary>Keys generated once (RSA generation is slow) and a factory for root / issuing / leaf chains.</summary>
public sealed class ChainKeys : IDisposable
{
    private readonly Dictionary<string, SigningKey[]> _keys = new()
    {
        ["sm2"] = [Sm2SigningKey.Generate(), Sm2SigningKey.Generate(), Sm2SigningKey.Generate(), Sm2SigningKey.Generate()],
        ["rsa"] = [RsaSigningKey.Generate(), RsaSigningKey.Generate(), RsaSigningKey.Generate(), RsaSigningKey.Generate()],
    };

    internal static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, TestChain> _defaults = [];

    /// <summary>The default chain for <paramref name="alg"/>, built once.</summary>
    internal TestChain DefaultChain(string alg)
    {
        lock (_defaults)
        {
            if (!_defaults.TryGetValue(alg, out var chain))
            {
                chain = _defaults[alg] = Chain(alg);
            }

            return chain;
        }
    }

    internal SigningKey Root(string alg) => _keys[alg][0];

    internal SigningKey Issuing(string alg) => _keys[alg][1];

    internal SigningKey Leaf(string alg) => _keys[alg][2];

    internal SigningKey Other(string alg) => _keys[alg][3];

    internal TestChain Chain(string alg, Action<CertificateBuilder>? root = null, Action<CertificateBuilder>? issuing = null, Action<CertificateBuilder>? leaf = null)
    {
        var rootCert = SelfSigned(Root(alg), $"{alg} test root", root);
        var issuingBuilder = CaBuilder(new CertificateSubject($"{alg} test issuing", "Tests"), Issuing(alg).PublicKey, pathLength: 0);
        issuing?.Invoke(issuingBuilder);
        var issuingCert = issuingBuilder.Sign(rootCert, Root(alg));
        var leafBuilder = LeafBuilder(new CertificateSubject($"{alg} test leaf 部门", "Tests"), Leaf(alg).PublicKey);
        leaf?.Invoke(leafBuilder);
        var leafCert = leafBuilder.Sign(issuingCert, Issuing(alg));
        return new TestChain(rootCert, issuingCert, leafCert);
    }

    internal static byte[] SelfSigned(SigningKey key, string name, Action<CertificateBuilder>? configure = null)
    {
        var builder = CaBuilder(new CertificateSubject(name, "Tests"), key.PublicKey, pathLength: 1);
        configure?.Invoke(builder);
        return builder.SelfSign(key);
    }

    internal static CertificateBuilder CaBuilder(CertificateSubject subject, VerificationKey key, int? pathLength) => new(subject, key)
    {
        NotBefore = Now.AddYears(-1),
        NotAfter = Now.AddYears(5),
        IsCertificateAuthority = true,
        PathLength = pathLength,
        KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
    };

    internal static CertificateBuilder LeafBuilder(CertificateSubject subject, VerificationKey key) => new(subject, key)
    {
        NotBefore = Now.AddMonths(-1),
        NotAfter = Now.AddYears(1),
        KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
    };

    public void Dispose()
    {
        foreach (var key in _keys.Values.SelectMany(k => k))
        {
            key.Dispose();
        }
    }
}

internal sealed record TestChain(byte[] Root, byte[] Issuing, byte[] Leaf)
{
    internal CertificateValidator Validator(params byte[][] crls) => new([Root], [Issuing], crls);

    internal ChainValidationResult Validate(CertificateUsage usage = CertificateUsage.Seal, DateTimeOffset? at = null, params byte[][] crls) =>
        Validator(crls).Validate(Leaf, [], at ?? ChainKeys.Now, usage);
}
