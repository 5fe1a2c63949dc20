using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Seals.Asn1;
using Trust.Core.Tests.Licences;
using SealPki = Trust.Pdf.Tests.Support.TestPki;
using TestSeal = Trust.Pdf.Tests.Support.TestSeal;

namespace Trust.Documents.Tests.Support;

/// <summary>An issuing department (SM2 licence key) and seals (SM2 and RSA) for licence-file tests.</summary>
internal static class LicenceFiles
{
    private static readonly Lazy<LicenceFixture> SharedFixture = new(() => new LicenceFixture(KeyAlgorithm.Sm2));

    public static LicenceFixture Fixture => SharedFixture.Value;

    public static SignedLicence Issue(string type = "BL") => Fixture.IssueAsync(type).GetAwaiter().GetResult();

    public static LicenceFileSealOptions SealOptions(SealPki pki) => new()
    {
        Seal = SesSeal.Decode(TestSeal.Create(pki).SesSeal.Span),
        Key = pki.Key,
        CertificateChain = pki.Chain,
    };

    public static LicenceFileVerificationOptions VerifyOptions(SealPki pki) => new()
    {
        Licences = Fixture.Verifier,
        CertificateValidator = pki.Validator,
    };

    public static byte[] RenderAndSeal(SignedLicence licence, LicenceFileFormat format, SealPki pki) =>
        LicenceFileSealer.Seal(LicenceFileRenderer.Render(licence, format), SealOptions(pki));

    public static LicenceFileReport Verify(byte[] file, SealPki pki) =>
        LicenceFileVerifier.VerifyAsync(file, VerifyOptions(pki)).GetAwaiter().GetResult();
}
