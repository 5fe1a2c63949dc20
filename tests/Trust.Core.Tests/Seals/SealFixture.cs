using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Tests.Seals;

/// <summary>An SM2 and an RSA PKI with a seal maker, two department signers each, and a verifier trusting both roots.</summary>
internal sealed class SealFixture
{
    public static readonly SealFixture Shared = new();

    private static readonly SesPictureInfo SmallPicture = new("PNG", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, 42, 42);

    public SealFixture()
    {
        Sm2Ca = TestCertificates.CreateSm2();
        RsaCa = TestCertificates.CreateRsa();
        Sm2MakerIdentity = Sm2Ca.IssueMaker(Sm2SigningKey.Generate(), "SM2 Seal Maker");
        RsaMakerIdentity = RsaCa.IssueMaker(RsaSigningKey.Generate(2048), "RSA Seal Maker");
        Sm2Signer = Sm2Ca.Issue(Sm2SigningKey.Generate(), "Market Regulation Bureau");
        Sm2OtherSigner = Sm2Ca.Issue(Sm2SigningKey.Generate(), "Tax Bureau");
        RsaSigner = RsaCa.Issue(RsaSigningKey.Generate(2048), "Public Security Bureau");
        Sm2Maker = new SealMaker(Sm2MakerIdentity.Certificate, Sm2MakerIdentity.Key, "TrustTest");
        RsaMaker = new SealMaker(RsaMakerIdentity.Certificate, RsaMakerIdentity.Key, "TrustTest");
    }

    public TestCertificates Sm2Ca { get; }

    public TestCertificates RsaCa { get; }

    public TestIdentity Sm2MakerIdentity { get; }

    public TestIdentity RsaMakerIdentity { get; }

    public TestIdentity Sm2Signer { get; }

    public TestIdentity Sm2OtherSigner { get; }

    public TestIdentity RsaSigner { get; }

    public SealMaker Sm2Maker { get; }

    public SealMaker RsaMaker { get; }

    public TestCertificateValidator NewValidator() => new(Sm2Ca.Root.Certificate, RsaCa.Root.Certificate);

    public static SealRequest Request(string id, TestIdentity signer, DateTimeOffset? from = null, DateTimeOffset? to = null, bool digests = false, SesPictureInfo? picture = null) => new()
    {
        EsId = id,
        Kind = SealKind.Official,
        Name = "某某市市场监督管理局公章",
        SignerCertificates = [signer.Certificate],
        ListCertificateDigests = digests,
        ValidFrom = from ?? DateTimeOffset.UtcNow.AddDays(-30),
        ValidTo = to ?? DateTimeOffset.UtcNow.AddYears(1),
        Picture = picture ?? SmallPicture,
    };

    public SesSeal Sm2Seal(string id = "SM2-TEST-1", bool digests = false) => Sm2Maker.Make(Request(id, Sm2Signer, digests: digests));

    public SesSeal RsaSeal(string id = "RSA-TEST-1", bool digests = false) => RsaMaker.Make(Request(id, RsaSigner, digests: digests));
}
