using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Pki;
using Trust.Core.Timestamps;

namespace Trust.Pdf.Tests.Support;

/// <summary>An RSA time-stamp authority (own root, TSA certificate with critical id-kp-timeStamping) for PDF tests.</summary>
internal sealed class TestTsa
{
    private static readonly Lazy<TestTsa> Instance = new(() => new TestTsa());

    private TestTsa()
    {
        var now = DateTimeOffset.UtcNow;
        var root = RsaSigningKey.Generate(2048);
        Key = RsaSigningKey.Generate(2048);
        RootDer = new CertificateBuilder(new CertificateSubject("PDF test TSA root", "Tests"), root.PublicKey)
        {
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddYears(10),
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        }.SelfSign(root);
        TsaDer = new CertificateBuilder(new CertificateSubject("PDF test TSA", "Tests"), Key.PublicKey)
        {
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddYears(3),
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
        }.WithSignerRole(SignerRole.TimestampAuthority).Sign(RootDer, root);
        Authority = new TimestampAuthority(new TimestampAuthorityOptions { Key = Key, CertificateChain = [TsaDer, RootDer] });
    }

    public static TestTsa Shared => Instance.Value;

    public SigningKey Key { get; }

    public byte[] RootDer { get; }

    public byte[] TsaDer { get; }

    public TimestampAuthority Authority { get; }

    public ICertificateValidator Validator => new CertificateValidator([RootDer]);

    public ITimestampClient Client => new LocalTimestampClient(Authority, Validator);

    /// <summary>A validator that checks seals with <paramref name="seals"/> and time-stamps with this TSA's root.</summary>
    public ICertificateValidator With(ICertificateValidator seals) => new Split(seals, Validator);

    private sealed class Split(ICertificateValidator seals, ICertificateValidator tsa) : ICertificateValidator
    {
        public long Version => 1;

        public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage) =>
            (usage == CertificateUsage.TimeStamping ? tsa : seals).Validate(leafDer, intermediatesDer, at, usage);
    }
}
