using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Timestamps;

/// <summary>
/// The verifier uses the file's own validation data (PAdES B-LT/B-LTA /DSS): the store's certificates are chain-building
/// candidates and its CRLs revocation data, still anchored at the configured roots. The seal's intermediate CA and CRLs
/// are only in the file: a validator that knows the roots alone validates the B-LTA file, not the same B-B file.
/// </summary>
public sealed class DssValidationTests : IClassFixture<DssValidationTests.ChainPki>
{
    private readonly ChainPki _pki;

    public DssValidationTests(ChainPki pki) => _pki = pki;

    [Fact]
    public void B_lta_file_is_valid_with_a_validator_that_knows_only_the_roots()
    {
        var sealedPdf = _pki.Seal();
        var extended = _pki.Extend(sealedPdf, PdfArchiveLevel.LongTermArchive, _pki.IntermediateCrl());

        var basic = Assert.Single(_pki.Verify(sealedPdf).Seals);
        var archived = _pki.Verify(extended);

        Assert.Equal(PdfDocumentVerdict.Indeterminate, basic.Verdict);
        Assert.Contains(basic.Reasons, r => r.StartsWith("certificate.chain.untrusted", StringComparison.Ordinal));
        Assert.True(archived.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", archived.Reasons.Concat(archived.Seals.SelectMany(s => s.Reasons))));
        Assert.Equal(PdfLevels.LongTermArchive, Assert.Single(archived.Seals).Level);
    }

    [Fact]
    public void B_lt_file_is_valid_with_the_roots_alone_too()
    {
        var extended = _pki.Extend(_pki.Seal(), PdfArchiveLevel.LongTerm, _pki.IntermediateCrl());

        var seal = Assert.Single(_pki.Verify(extended).Seals);

        Assert.True(seal.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", seal.Reasons));
        Assert.Equal(PdfLevels.LongTerm, seal.Level);
    }

    [Fact]
    public void Dss_crl_of_the_issuing_ca_that_revoked_the_seal_certificate_before_the_timestamp_makes_it_invalid()
    {
        var extended = _pki.Extend(_pki.Seal(), PdfArchiveLevel.LongTermArchive, _pki.IntermediateCrl(revokedAt: DateTimeOffset.UtcNow.AddDays(-1)));

        var seal = Assert.Single(_pki.Verify(extended).Seals);

        Assert.Equal(PdfDocumentVerdict.Invalid, seal.Verdict);
        Assert.Contains(seal.Reasons, r => r.StartsWith("certificate.chain.revoked", StringComparison.Ordinal));
    }

    [Fact]
    public void Dss_crl_not_signed_by_the_issuing_ca_does_not_count()
    {
        var forged = _pki.IntermediateCrl(revokedAt: DateTimeOffset.UtcNow.AddDays(-1), forged: true);
        var extended = _pki.Extend(_pki.Seal(), PdfArchiveLevel.LongTermArchive, forged);

        var seal = Assert.Single(_pki.Verify(extended).Seals);

        Assert.True(seal.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", seal.Reasons));
    }

    [Fact]
    public void Dss_crl_issued_after_the_document_timestamp_is_outside_the_proved_time_and_does_not_count()
    {
        var later = _pki.IntermediateCrl(revokedAt: DateTimeOffset.UtcNow.AddDays(-1), thisUpdate: DateTimeOffset.UtcNow.AddDays(2));
        var extended = _pki.Extend(_pki.Seal(), PdfArchiveLevel.LongTermArchive, later);

        var seal = Assert.Single(_pki.Verify(extended).Seals);

        Assert.True(seal.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", seal.Reasons));
    }

    [Fact]
    public void Dss_certificates_never_become_trust_anchors()
    {
        // A validator whose roots do not include the seal's root: the DSS holds the intermediate but the path ends nowhere.
        var extended = _pki.Extend(_pki.Seal(), PdfArchiveLevel.LongTermArchive, _pki.IntermediateCrl());

        var seal = Assert.Single(_pki.Verify(extended, withSealRoot: false).Seals);

        Assert.Equal(PdfDocumentVerdict.Indeterminate, seal.Verdict);
        Assert.Contains(seal.Reasons, r => r.StartsWith("certificate.chain.untrusted", StringComparison.Ordinal));
    }

    [Fact]
    public void Junk_in_the_dss_is_skipped_never_a_crash()
    {
        var junk = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 };
        var extended = _pki.Extend(_pki.Seal(), PdfArchiveLevel.LongTermArchive, junk, extraCertificates: [junk, [1, 2, 3]]);

        var report = _pki.Verify(extended);

        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
    }

    /// <summary>Root → intermediate CA → seal certificate (maker and signer); the CMS carries the seal certificate only.</summary>
    public sealed class ChainPki : IDisposable
    {
        private readonly SigningKey _root = RsaSigningKey.Generate(2048);
        private readonly SigningKey _intermediate = RsaSigningKey.Generate(2048);
        private readonly SigningKey _other = RsaSigningKey.Generate(2048);
        private readonly SigningKey _key = RsaSigningKey.Generate(2048);
        private readonly byte[] _rootDer;
        private readonly byte[] _intermediateDer;
        private readonly byte[] _otherDer;
        private readonly byte[] _leafDer;
        private readonly PdfSealData _seal;

        public ChainPki()
        {
            var now = DateTimeOffset.UtcNow;
            _rootDer = new CertificateBuilder(new CertificateSubject("DSS test root", "Tests"), _root.PublicKey)
            {
                NotBefore = now.AddDays(-10),
                NotAfter = now.AddYears(20),
                IsCertificateAuthority = true,
                KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            }.SelfSign(_root);
            _intermediateDer = Ca("DSS test issuing CA", _intermediate, now);
            _otherDer = Ca("DSS test issuing CA", _other, now); // same name, another key: a forger's CA, not in any file
            _leafDer = new CertificateBuilder(new CertificateSubject("DSS test seal signer", "Tests"), _key.PublicKey)
            {
                NotBefore = now.AddDays(-5),
                NotAfter = now.AddYears(1),
                KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            }.WithSignerRole(SignerRole.SealMaker).WithSignerRole(SignerRole.SealSigner, "TST-01").Sign(_intermediateDer, _intermediate);
            var seal = new SealMaker(_leafDer, _key, "TrustTest").Make(new SealRequest
            {
                EsId = "DSS-0001",
                Kind = SealKind.Official,
                Name = "DSS test seal",
                SignerCertificates = [_leafDer],
                ValidFrom = now.AddDays(-1),
                ValidTo = now.AddYears(1),
                Picture = SealPictures.CreatePng("DSS test seal", "TEST", 120),
            });
            _seal = PdfSealData.FromSesSeal(seal);
        }

        public byte[] Seal()
        {
            using var input = new MemoryStream(TestPdfs.Simple(), writable: false);
            using var output = new MemoryStream();
            PdfSealer.Seal(input, output, new PdfSealOptions
            {
                Key = _key,
                CertificateChain = [_leafDer],
                Seal = _seal,
                TimestampClient = TestTsa.Shared.Client,
            });
            return output.ToArray();
        }

        /// <summary>Extends with the intermediate CA certificate and <paramref name="crl"/> in the DSS.</summary>
        public byte[] Extend(byte[] pdf, PdfArchiveLevel level, byte[] crl, IReadOnlyList<byte[]>? extraCertificates = null)
        {
            using var input = new MemoryStream(pdf, writable: false);
            using var output = new MemoryStream();
            PdfArchiver.Extend(input, output, new PdfArchiveOptions { Level = level, TimestampClient = TestTsa.Shared.Client, Certificates = [_intermediateDer, .. extraCertificates ?? []], Crls = [crl] });
            return output.ToArray();
        }

        /// <summary>A CRL of the issuing CA (or, <paramref name="forged"/>, of a CA with its name and another key).</summary>
        public byte[] IntermediateCrl(DateTimeOffset? revokedAt = null, bool forged = false, DateTimeOffset? thisUpdate = null)
        {
            var crl = new CrlBuilder { ThisUpdate = thisUpdate ?? DateTimeOffset.UtcNow.AddMinutes(-5), NextUpdate = DateTimeOffset.UtcNow.AddYears(10) };
            if (revokedAt is { } when)
            {
                crl.AddRevoked(Org.BouncyCastle.Asn1.X509.X509CertificateStructure.GetInstance(_leafDer).SerialNumber.Value.ToByteArrayUnsigned(), when);
            }

            return forged ? crl.Sign(_otherDer, _other) : crl.Sign(_intermediateDer, _intermediate);
        }

        /// <summary>Verifies with a validator that knows the roots only (the seal's and the TSA's): no intermediates, no CRLs.</summary>
        public PdfVerificationReport Verify(byte[] pdf, bool withSealRoot = true)
        {
            var validator = new CertificateValidator(withSealRoot ? [_rootDer, TestTsa.Shared.RootDer] : [TestTsa.Shared.RootDer]);
            using var ms = new MemoryStream(pdf);
            return PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = validator });
        }

        private byte[] Ca(string name, SigningKey key, DateTimeOffset now) => new CertificateBuilder(new CertificateSubject(name, "Tests"), key.PublicKey)
        {
            NotBefore = now.AddDays(-10),
            NotAfter = now.AddYears(10),
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        }.Sign(_rootDer, _root);

        public void Dispose()
        {
            _root.Dispose();
            _intermediate.Dispose();
            _other.Dispose();
            _key.Dispose();
        }
    }
}
