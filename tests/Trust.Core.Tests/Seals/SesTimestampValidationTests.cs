using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Timestamps;

namespace Trust.Core.Tests.Seals;

/// <summary>
/// The GB/T 38540 <c>timeStamp</c> of an <c>SES_Signature</c> is checked in full (TSA signature, critical
/// id-kp-timeStamping, chain and revocation at the token's time) and a valid one is the proof of existence that keeps a
/// signature valid after its certificate expired (ETSI EN 319 102-1 section 5.6.2.1). Times are chosen, never waited for.
/// </summary>
public sealed class SesTimestampValidationTests : IClassFixture<SesTimestampValidationTests.Pki>
{
    private static readonly byte[] Data = "an archived government-service file"u8.ToArray();
    private readonly Pki _pki;

    public SesTimestampValidationTests(Pki pki) => _pki = pki;

    [Fact]
    public void Timestamp_from_the_trusted_tsa_is_valid_and_names_the_proven_time()
    {
        var signature = _pki.Stamp(_pki.Sign(), _pki.Tsa);

        var result = _pki.Verify(signature);

        Assert.True(result.IsValid, string.Join(", ", result.Reasons));
        Assert.NotNull(result.BestSignatureTime);
        Assert.Equal(result.TimestampTime, result.BestSignatureTime);
    }

    [Fact]
    public void Signature_whose_certificate_expired_is_indeterminate_without_a_timestamp_and_valid_with_one()
    {
        var at = Pki.Now.AddYears(2);

        var basic = _pki.Verify(_pki.Sign(), at: at);
        var stamped = _pki.Verify(_pki.Stamp(_pki.Sign(), _pki.Tsa), at: at);

        Assert.Equal(SealVerdict.Indeterminate, basic.Verdict);
        Assert.Contains(SealReasons.ExpiredNoProofOfExistence, basic.Reasons);
        Assert.Null(basic.BestSignatureTime);
        Assert.True(stamped.IsValid, string.Join(", ", stamped.Reasons));
        Assert.NotNull(stamped.BestSignatureTime);
    }

    [Fact]
    public void Signature_whose_certificate_expired_stays_invalid_when_its_timestamp_is_over_other_data()
    {
        var signature = _pki.Sign();
        var other = _pki.Tsa.Stamp(DigestAlgorithm.Sm3, Digest.Hash(DigestAlgorithm.Sm3, "another signature value"u8));

        var result = _pki.Verify(signature with { TimeStamp = other }, at: Pki.Now.AddYears(2));

        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Contains(SealReasons.TimeStampMismatch, result.Reasons);
        Assert.Null(result.BestSignatureTime);
    }

    [Fact]
    public void Timestamp_signed_with_a_key_not_entitled_to_time_stamping_is_invalid()
    {
        var signature = _pki.Stamp(_pki.Sign(), _pki.NotEntitledTsa);

        var result = _pki.Verify(signature);

        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Contains(result.Reasons, r => r.StartsWith(TimestampReasons.TsaNotEntitled + ":chain.key_usage", StringComparison.Ordinal));
        Assert.Null(result.BestSignatureTime);
    }

    [Fact]
    public void Timestamp_from_a_foreign_tsa_is_named_and_proves_nothing()
    {
        var signature = _pki.Stamp(_pki.Sign(), _pki.ForeignTsa);

        var now = _pki.Verify(signature);
        var later = _pki.Verify(signature, at: Pki.Now.AddYears(2));

        Assert.Equal(SealVerdict.Indeterminate, now.Verdict);
        Assert.Contains(now.Reasons, r => r.StartsWith(TimestampReasons.TsaUntrusted + ":chain.untrusted", StringComparison.Ordinal));
        Assert.Equal(SealVerdict.Indeterminate, later.Verdict);
        Assert.Contains(SealReasons.ExpiredNoProofOfExistence, later.Reasons);
    }

    [Fact]
    public void Timestamp_from_a_tsa_revoked_before_the_time_is_not_a_proof()
    {
        var signature = _pki.Stamp(_pki.Sign(), _pki.Tsa);

        var result = _pki.Verify(signature, at: Pki.Now.AddYears(2), tsaRevokedAt: DateTimeOffset.UtcNow.AddDays(-1));

        Assert.Equal(SealVerdict.Indeterminate, result.Verdict);
        Assert.Contains(result.Reasons, r => r.StartsWith(TimestampReasons.TsaUntrusted + ":chain.revoked", StringComparison.Ordinal));
        Assert.Contains(SealReasons.ExpiredNoProofOfExistence, result.Reasons);
    }

    [Fact]
    public void Timestamp_from_a_tsa_revoked_after_the_time_still_proves_existence()
    {
        var signature = _pki.Stamp(_pki.Sign(), _pki.Tsa);

        var result = _pki.Verify(signature, at: Pki.Now.AddYears(2), tsaRevokedAt: DateTimeOffset.UtcNow.AddDays(10));

        Assert.True(result.IsValid, string.Join(", ", result.Reasons));
    }

    [Fact]
    public void Signer_revoked_before_the_validation_time_without_proof_is_indeterminate_and_with_proof_valid()
    {
        var basic = _pki.Verify(_pki.Sign(), at: Pki.Now.AddDays(30), signerRevokedAt: DateTimeOffset.UtcNow.AddDays(5));
        var stamped = _pki.Verify(_pki.Stamp(_pki.Sign(), _pki.Tsa), at: Pki.Now.AddDays(30), signerRevokedAt: DateTimeOffset.UtcNow.AddDays(5));

        Assert.Equal(SealVerdict.Indeterminate, basic.Verdict);
        Assert.Contains(SealReasons.RevokedNoProofOfExistence, basic.Reasons);
        Assert.True(stamped.IsValid, string.Join(", ", stamped.Reasons));
    }

    /// <summary>An SM2 root, a seal maker-and-signer certificate valid one year, a TSA, a TSA not entitled to stamp and a foreign TSA.</summary>
    public sealed class Pki : IDisposable
    {
        internal static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

        private readonly SigningKey _root = Sm2SigningKey.Generate();
        private readonly SigningKey _key = Sm2SigningKey.Generate();
        private readonly SigningKey _tsaKey = Sm2SigningKey.Generate();
        private readonly SigningKey _foreignRoot = Sm2SigningKey.Generate();
        private readonly byte[] _rootDer;
        private readonly byte[] _leafDer;
        private readonly byte[] _tsaDer;
        private readonly SesSeal _seal;

        public Pki()
        {
            _rootDer = Root("SES timestamp root", _root);
            _leafDer = new CertificateBuilder(new CertificateSubject("SES timestamp signer", "Tests"), _key.PublicKey)
            {
                NotBefore = Now.AddDays(-10),
                NotAfter = Now.AddYears(1),
                KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            }.WithSignerRole(SignerRole.SealMaker).WithSignerRole(SignerRole.SealSigner, "TST-01").Sign(_rootDer, _root);
            _tsaDer = TsaCertificate(_rootDer, _root, X509KeyUsageFlags.DigitalSignature);
            Tsa = Authority(_tsaDer, _rootDer);
            NotEntitledTsa = Authority(TsaCertificate(_rootDer, _root, X509KeyUsageFlags.KeyEncipherment), _rootDer);
            var foreignRootDer = Root("Foreign TSA root", _foreignRoot);
            ForeignTsa = Authority(TsaCertificate(foreignRootDer, _foreignRoot, X509KeyUsageFlags.DigitalSignature), foreignRootDer);
            _seal = new SealMaker(_leafDer, _key, "TrustTest").Make(new SealRequest
            {
                EsId = "SES-TS-0001",
                Kind = SealKind.Official,
                Name = "SES timestamp seal",
                SignerCertificates = [_leafDer],
                ValidFrom = Now.AddDays(-1),
                ValidTo = Now.AddYears(1),
                Picture = new SesPictureInfo("PNG", SealFixture.Shared.Sm2Seal().SealInfo.Picture.Data, 40, 40),
            });
        }

        public TimestampAuthority Tsa { get; }

        public TimestampAuthority NotEntitledTsa { get; }

        public TimestampAuthority ForeignTsa { get; }

        public SesSignature Sign() => new SealSigner().Sign(_seal, _leafDer, _key, new MemoryStream(Data));

        /// <summary>The GB/T 38540 time-stamp: a token over the signature value (SM3 imprint), from <paramref name="tsa"/>.</summary>
        public SesSignature Stamp(SesSignature signature, TimestampAuthority tsa) =>
            signature with { TimeStamp = tsa.Stamp(DigestAlgorithm.Sm3, Digest.Hash(DigestAlgorithm.Sm3, signature.Signature.Span)) };

        /// <summary>Verifies after a DER round trip, with a CRL of the root that revokes what the test says.</summary>
        public SealVerificationResult Verify(SesSignature signature, DateTimeOffset? at = null, DateTimeOffset? tsaRevokedAt = null, DateTimeOffset? signerRevokedAt = null)
        {
            var crl = new CrlBuilder { ThisUpdate = DateTimeOffset.UtcNow.AddMinutes(-5), NextUpdate = Now.AddYears(10) };
            if (tsaRevokedAt is { } tsaWhen)
            {
                crl.AddRevoked(Serial(_tsaDer), tsaWhen);
            }

            if (signerRevokedAt is { } signerWhen)
            {
                crl.AddRevoked(Serial(_leafDer), signerWhen);
            }

            var validator = new CertificateValidator([_rootDer], crls: [crl.Sign(_rootDer, _root)]);
            return new SealSignatureVerifier(validator).Verify(SesSignature.Decode(signature.Encode()), new MemoryStream(Data), at);
        }

        private static byte[] Serial(byte[] certificate) =>
            Org.BouncyCastle.Asn1.X509.X509CertificateStructure.GetInstance(certificate).SerialNumber.Value.ToByteArrayUnsigned();

        private static byte[] Root(string name, SigningKey key) => new CertificateBuilder(new CertificateSubject(name, "Tests"), key.PublicKey)
        {
            NotBefore = Now.AddDays(-10),
            NotAfter = Now.AddYears(20),
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        }.SelfSign(key);

        private byte[] TsaCertificate(byte[] rootDer, SigningKey root, X509KeyUsageFlags usage) =>
            new CertificateBuilder(new CertificateSubject("SES test TSA", "Tests"), _tsaKey.PublicKey)
            {
                NotBefore = Now.AddDays(-1),
                NotAfter = Now.AddYears(3),
                KeyUsage = usage,
            }.WithSignerRole(SignerRole.TimestampAuthority).Sign(rootDer, root);

        private TimestampAuthority Authority(byte[] certificate, byte[] rootDer) =>
            new(new TimestampAuthorityOptions { Key = _tsaKey, CertificateChain = [certificate, rootDer] });

        public void Dispose()
        {
            _root.Dispose();
            _key.Dispose();
            _tsaKey.Dispose();
            _foreignRoot.Dispose();
        }
    }
}
