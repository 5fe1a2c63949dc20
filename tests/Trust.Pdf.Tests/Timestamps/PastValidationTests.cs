using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Timestamps;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Timestamps;

/// <summary>
/// Validation at a chosen time (ETSI EN 319 102-1 section 5.6.2.1, past signature validation), with a seal
/// certificate that expires one year from now and is revoked when the test says; the time is chosen, never waited for.
/// </summary>
public sealed class PastValidationTests : IClassFixture<PastValidationTests.SealPki>
{
    private readonly SealPki _pki;

    public PastValidationTests(SealPki pki) => _pki = pki;

    [Fact]
    public void Basic_seal_checked_after_its_certificate_expired_is_indeterminate_without_proof_of_existence()
    {
        var pdf = _pki.Seal(timestamped: false);

        var seal = _pki.Verify(pdf, at: SealPki.Now.AddYears(2));

        Assert.Equal(PdfDocumentVerdict.Indeterminate, seal.Verdict);
        Assert.Contains("certificate.expired_no_poe", seal.Reasons);
        Assert.Null(seal.BestSignatureTime);
        Assert.Equal(Trust.Core.Results.Indication.Indeterminate, seal.Outcome.Indication);
    }

    [Fact]
    public void Same_seal_with_a_signature_timestamp_stays_valid_after_the_certificate_expired()
    {
        var pdf = _pki.Seal(timestamped: true);

        var seal = _pki.Verify(pdf, at: SealPki.Now.AddYears(2));

        Assert.True(seal.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", seal.Reasons));
        Assert.Equal(PdfLevels.Timestamped, seal.Level);
        Assert.Equal(PdfSealReport.ProvenBySignatureTimestamp, seal.ProvenBy);
        Assert.NotNull(seal.BestSignatureTime);
        Assert.True(seal.BestSignatureTime < SealPki.Now.AddHours(1));
    }

    [Fact]
    public void Certificate_revoked_after_the_signature_timestamp_keeps_the_seal_valid()
    {
        var pdf = _pki.Seal(timestamped: true);

        var seal = _pki.Verify(pdf, at: SealPki.Now.AddDays(30), revokedAt: DateTimeOffset.UtcNow.AddDays(1));

        Assert.True(seal.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", seal.Reasons));
    }

    [Fact]
    public void Certificate_revoked_before_the_signature_timestamp_makes_the_seal_invalid()
    {
        var pdf = _pki.Seal(timestamped: true);

        var seal = _pki.Verify(pdf, at: SealPki.Now.AddDays(30), revokedAt: DateTimeOffset.UtcNow.AddDays(-1));

        Assert.Equal(PdfDocumentVerdict.Invalid, seal.Verdict);
        Assert.Contains(seal.Reasons, r => r.StartsWith("certificate.chain.revoked", StringComparison.Ordinal));
    }

    [Fact]
    public void Basic_seal_whose_certificate_was_revoked_by_the_validation_time_is_indeterminate()
    {
        var pdf = _pki.Seal(timestamped: false);

        var seal = _pki.Verify(pdf, at: SealPki.Now.AddDays(30), revokedAt: DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(PdfDocumentVerdict.Indeterminate, seal.Verdict);
        Assert.Contains("certificate.revoked_no_poe", seal.Reasons);
    }

    [Fact]
    public void After_the_tsa_certificate_expired_the_signature_timestamp_proves_nothing()
    {
        // The TSA certificate ends three years from now: renewal (a later archive time-stamp) is what B-LTA is for.
        var pdf = _pki.Seal(timestamped: true);

        var seal = _pki.Verify(pdf, at: SealPki.Now.AddYears(4));

        Assert.Equal(PdfDocumentVerdict.Indeterminate, seal.Verdict);
        Assert.Contains(seal.Reasons, r => r.StartsWith(TimestampReasons.TsaUntrusted + ":chain.expired", StringComparison.Ordinal));
        Assert.Contains("certificate.expired_no_poe", seal.Reasons);
        Assert.Equal(PdfLevels.BasicSignature, seal.Level);
    }

    /// <summary>A root and a seal signer certificate (seal maker and signer) valid for one year from <see cref="Now"/>, and a seal that lists it.</summary>
    public sealed class SealPki : IDisposable
    {
        internal static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

        private readonly SigningKey _root = RsaSigningKey.Generate(2048);
        private readonly SigningKey _key = RsaSigningKey.Generate(2048);
        private readonly byte[] _rootDer;
        private readonly byte[] _leafDer;
        private readonly PdfSealData _seal;

        public SealPki()
        {
            _rootDer = new CertificateBuilder(new CertificateSubject("Past validation root", "Tests"), _root.PublicKey)
            {
                NotBefore = Now.AddDays(-10),
                NotAfter = Now.AddYears(20),
                IsCertificateAuthority = true,
                KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            }.SelfSign(_root);
            _leafDer = new CertificateBuilder(new CertificateSubject("Past validation seal signer", "Tests"), _key.PublicKey)
            {
                NotBefore = Now.AddDays(-10),
                NotAfter = Now.AddYears(1),
                KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            }.WithSignerRole(SignerRole.SealMaker).WithSignerRole(SignerRole.SealSigner, "TST-01").Sign(_rootDer, _root);
            var seal = new SealMaker(_leafDer, _key, "TrustTest").Make(new SealRequest
            {
                EsId = "PAST-0001",
                Kind = SealKind.Official,
                Name = "Past validation seal",
                SignerCertificates = [_leafDer],
                ValidFrom = Now.AddDays(-1),
                ValidTo = Now.AddYears(1),
                Picture = new Trust.Core.Seals.Asn1.SesPictureInfo("PNG", TestSealPng(), 40, 40),
            });
            _seal = PdfSealData.FromSesSeal(seal);
        }

        public byte[] Seal(bool timestamped)
        {
            using var input = new MemoryStream(TestPdfs.Simple(), writable: false);
            using var output = new MemoryStream();
            PdfSealer.Seal(input, output, new PdfSealOptions
            {
                Key = _key,
                CertificateChain = [_leafDer, _rootDer],
                Seal = _seal,
                TimestampClient = timestamped ? TestTsa.Shared.Client : null,
            });
            return output.ToArray();
        }

        public PdfSealReport Verify(byte[] pdf, DateTimeOffset at, DateTimeOffset? revokedAt = null)
        {
            var crl = new CrlBuilder { ThisUpdate = DateTimeOffset.UtcNow.AddMinutes(-5), NextUpdate = Now.AddYears(10) };
            if (revokedAt is { } when)
            {
                crl.AddRevoked(Org.BouncyCastle.Asn1.X509.X509CertificateStructure.GetInstance(_leafDer).SerialNumber.Value.ToByteArrayUnsigned(), when);
            }

            var validator = new CertificateValidator([_rootDer], crls: [crl.Sign(_rootDer, _root)]);
            using var ms = new MemoryStream(pdf);
            var report = PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = TestTsa.Shared.With(validator), ValidationTime = at });
            return Assert.Single(report.Seals);
        }

        private static byte[] TestSealPng() => TestSeal.Create(TestPki.Rsa).PicturePng.ToArray();

        public void Dispose()
        {
            _root.Dispose();
            _key.Dispose();
        }
    }
}
