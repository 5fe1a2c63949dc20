using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Tests.Seals;

/// <summary>One test per check of GB/T 38540-2020 section 8: each failure reports its own reason and only it.</summary>
public sealed class SealVerificationTests
{
    private static readonly SealFixture F = SealFixture.Shared;
    private static readonly byte[] Data = "the signed document"u8.ToArray();

    [Fact]
    public void Tampered_seal_reports_maker_signature_invalid()
    {
        var seal = F.Sm2Seal();
        var tampered = seal with { SealInfo = seal.SealInfo with { Property = seal.SealInfo.Property with { Name = "伪造的公章" } } };
        var signature = Sign(tampered, F.Sm2Signer);

        Assert.Equal([SealReasons.MakerSignatureInvalid], Verify(signature).Reasons);
    }

    [Fact]
    public void Maker_from_an_untrusted_ca_reports_maker_chain_untrusted()
    {
        var rogueCa = TestCertificates.CreateSm2("Rogue Root");
        var rogueMaker = rogueCa.IssueMaker(Sm2SigningKey.Generate(), "Rogue Maker");
        var seal = new SealMaker(rogueMaker.Certificate, rogueMaker.Key).Make(SealFixture.Request("ROGUE-1", F.Sm2Signer));

        Assert.Equal(["maker.chain_untrusted"], Verify(Sign(seal, F.Sm2Signer)).Reasons);
    }

    [Fact]
    public void Seal_made_by_a_department_key_is_invalid_even_though_it_chains_to_the_anchors()
    {
        // A department (seal signer) makes itself a seal, claiming any department's name: only the seal maker may.
        var homeMade = new SealMaker(F.Sm2Signer.Certificate, F.Sm2Signer.Key).Make(SealFixture.Request("HOME-MADE-1", F.Sm2Signer));
        var result = Verify(Sign(homeMade, F.Sm2Signer));

        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Contains("maker.role_missing:seal_maker", result.Reasons);
    }

    [Fact]
    public void Seal_made_by_a_certificate_without_any_role_is_invalid()
    {
        var anyKey = F.Sm2Ca.Issue(Sm2SigningKey.Generate(), "Licence issuer or TLS key", role: null);
        var seal = new SealMaker(anyKey.Certificate, anyKey.Key).Make(SealFixture.Request("NO-ROLE-1", F.Sm2Signer));

        Assert.Equal(["maker.role_missing:seal_maker"], Verify(Sign(seal, F.Sm2Signer)).Reasons);
    }

    [Fact]
    public void Signature_by_a_listed_certificate_of_another_role_is_invalid()
    {
        // The maker lists a seal maker's own certificate as a signer: the signing key is still not a seal signer.
        var seal = F.Sm2Maker.Make(SealFixture.Request("MAKER-SIGNS-1", F.Sm2MakerIdentity));
        var result = Verify(Sign(seal, F.Sm2MakerIdentity));

        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Contains("signer.role_missing:seal_signer", result.Reasons);
    }

    [Fact]
    public void Signing_time_outside_the_seal_validity_reports_not_valid_at_signing_time()
    {
        var seal = F.Sm2Maker.Make(SealFixture.Request("WINDOW-1", F.Sm2Signer, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-5)));
        var signature = SignAt(seal, F.Sm2Signer, DateTimeOffset.UtcNow.AddDays(-1));

        Assert.Equal([SealReasons.NotValidAtSigningTime], Verify(signature).Reasons);
    }

    [Fact]
    public void Signer_missing_from_the_seal_reports_signer_not_listed()
    {
        var signature = SignAt(F.Sm2Seal(), F.Sm2OtherSigner, DateTimeOffset.UtcNow);

        Assert.Equal([SealReasons.SignerNotListed], Verify(signature).Reasons);
    }

    [Fact]
    public void Signer_from_an_untrusted_ca_reports_signer_chain_untrusted()
    {
        var rogue = TestCertificates.CreateSm2("Rogue Root").Issue(Sm2SigningKey.Generate(), "Rogue Department");
        var seal = F.Sm2Maker.Make(SealFixture.Request("ROGUE-2", rogue));

        Assert.Equal(["signer.chain_untrusted"], Verify(Sign(seal, rogue)).Reasons);
    }

    [Fact]
    public void Signer_certificate_expired_at_signing_time_reports_signer_chain_expired()
    {
        var expired = F.Sm2Ca.Issue(Sm2SigningKey.Generate(), "Expired Department", DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddDays(-2));
        var seal = F.Sm2Maker.Make(SealFixture.Request("EXPSIGNER-1", expired, DateTimeOffset.UtcNow.AddYears(-1)));
        var signature = SignAt(seal, expired, DateTimeOffset.UtcNow.AddDays(-1));

        Assert.Equal(["signer.chain_expired"], Verify(signature).Reasons);
    }

    [Fact]
    public void Revoked_signer_certificate_reports_signer_chain_revoked()
    {
        var validator = F.NewValidator();
        validator.RevokedSubjects.Add("CN=" + F.Sm2Signer.Subject);

        var result = new SealSignatureVerifier(validator).Verify(Sign(F.Sm2Seal(), F.Sm2Signer), new MemoryStream(Data));

        Assert.Equal(["signer.chain_revoked"], result.Reasons);
    }

    [Fact]
    public void Chains_are_validated_at_the_signing_time_with_seal_usages()
    {
        var validator = F.NewValidator();
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);

        new SealSignatureVerifier(validator).Verify(signature, new MemoryStream(Data));

        Assert.Equal([(CertificateUsage.SealMaker, signature.ToSign.TimeInfo), (CertificateUsage.Seal, signature.ToSign.TimeInfo)], validator.Calls);
    }

    [Fact]
    public void Altered_signature_value_reports_signer_signature_invalid()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);
        var bad = signature.Signature.ToArray();
        bad[^1] ^= 1;

        Assert.Equal([SealReasons.SignatureInvalid], Verify(signature with { Signature = bad }).Reasons);
    }

    [Fact]
    public void Other_data_reports_data_hash_mismatch()
    {
        var signature = Sign(F.RsaSeal(), F.RsaSigner);

        var result = new SealSignatureVerifier(F.NewValidator()).Verify(signature, new MemoryStream("another document"u8.ToArray()));

        Assert.Equal([SealReasons.DataHashMismatch], result.Reasons);
        Assert.Equal(SealVerdict.Invalid, result.Verdict);
    }

    [Fact]
    public void Seal_revoked_after_signing_reports_seal_revoked()
    {
        var revocations = new InMemorySealRevocations();
        var signature = Sign(F.Sm2Seal("LATER-REVOKED"), F.Sm2Signer);
        revocations.Revoke("LATER-REVOKED");

        var result = new SealSignatureVerifier(F.NewValidator(), revocations).Verify(signature, new MemoryStream(Data));

        Assert.Equal([SealReasons.Revoked], result.Reasons);
    }

    [Fact]
    public void Unknown_critical_extension_in_the_seal_is_reported()
    {
        var request = SealFixture.Request("CRIT-1", F.Sm2Signer);
        var seal = F.Sm2Maker.Make(new SealRequest
        {
            EsId = request.EsId, Kind = request.Kind, Name = request.Name, SignerCertificates = request.SignerCertificates,
            ValidFrom = request.ValidFrom, ValidTo = request.ValidTo, Picture = request.Picture,
            Extensions = [new SesExtension("1.2.3.4.5", true, new byte[] { 1 })],
        });
        var signature = Sign(seal, F.Sm2Signer);

        Assert.Equal([SealReasons.UnknownCriticalExtension], Verify(signature).Reasons);
        Assert.True(new SealSignatureVerifier(F.NewValidator(), knownExtensions: new HashSet<string> { "1.2.3.4.5" }).Verify(signature, new MemoryStream(Data)).IsValid);
    }

    [Fact]
    public void Malformed_signature_bytes_report_format_malformed_without_throwing()
    {
        var result = new SealSignatureVerifier(F.NewValidator()).Verify([0x30, 0x03, 0x02, 0x01], new MemoryStream(Data));

        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Equal([SealReasons.Malformed], result.Reasons);
    }

    [Fact]
    public void Failing_validator_gives_indeterminate_never_valid()
    {
        var result = new SealSignatureVerifier(new ThrowingValidator()).Verify(Sign(F.Sm2Seal(), F.Sm2Signer), new MemoryStream(Data));

        Assert.Equal(SealVerdict.Indeterminate, result.Verdict);
        Assert.False(result.IsValid);
        Assert.Equal([SealReasons.Indeterminate], result.Reasons);
    }

    [Fact]
    public void Several_failures_are_all_reported_in_check_order()
    {
        var revocations = new InMemorySealRevocations();
        var seal = F.Sm2Seal("MANY-1");
        var tampered = seal with { SealInfo = seal.SealInfo with { EsId = "MANY-2" } };
        var signature = SignAt(tampered, F.Sm2OtherSigner, DateTimeOffset.UtcNow);
        revocations.Revoke("MANY-2");

        var result = new SealSignatureVerifier(F.NewValidator(), revocations).Verify(signature, new MemoryStream([9]));

        Assert.Equal([SealReasons.MakerSignatureInvalid, SealReasons.SignerNotListed, SealReasons.DataHashMismatch, SealReasons.Revoked], result.Reasons);
    }

    [Fact]
    public void Cached_maker_check_still_catches_a_tampered_copy_of_a_verified_seal()
    {
        var verifier = new SealSignatureVerifier(F.NewValidator());
        var seal = F.Sm2Seal("CACHE-1");
        Assert.True(verifier.Verify(Sign(seal, F.Sm2Signer), new MemoryStream(Data)).IsValid);

        var tampered = seal with { SealInfo = seal.SealInfo with { Property = seal.SealInfo.Property with { ValidEnd = seal.SealInfo.Property.ValidEnd.AddYears(50) } } };

        Assert.Equal([SealReasons.MakerSignatureInvalid], verifier.Verify(Sign(tampered, F.Sm2Signer), new MemoryStream(Data)).Reasons);
        Assert.True(verifier.Verify(Sign(seal, F.Sm2Signer), new MemoryStream(Data)).IsValid);
    }

    [Fact]
    public void Caller_built_signature_outside_the_limits_is_invalid_without_throwing()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);
        var oversized = signature with { ToSign = signature.ToSign with { PropertyInfo = new string('x', 5000) } };

        var result = new SealSignatureVerifier(F.NewValidator()).Verify(oversized, new MemoryStream(Data));

        Assert.Equal([SealReasons.SignatureInvalid], result.Reasons);
    }

    private static SesSignature Sign(SesSeal seal, TestIdentity signer) =>
        new SealSigner().Sign(seal, signer.Certificate, signer.Key, new MemoryStream(Data));

    /// <summary>Builds a signature directly (bypassing the signer's own checks) to present bad cases to the verifier.</summary>
    private static SesSignature SignAt(SesSeal seal, TestIdentity signer, DateTimeOffset at)
    {
        var algorithm = signer.Key.KeyAlgorithm == KeyAlgorithm.Sm2 ? SignatureAlgorithm.Sm2Sm3 : SignatureAlgorithm.RsaPkcs1Sha256;
        var tbs = new TbsSign(seal, new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero), Digest.Hash(SignatureAlgorithms.DigestOf(algorithm), Data), "test");
        var oid = algorithm == SignatureAlgorithm.Sm2Sm3 ? SignatureAlgorithms.Sm2WithSm3Oid : "1.2.840.113549.1.1.11";
        return new SesSignature(tbs, signer.Certificate, oid, signer.Key.Sign(algorithm, tbs.Encode()));
    }

    private static SealVerificationResult Verify(SesSignature signature) =>
        new SealSignatureVerifier(F.NewValidator()).Verify(SesSignature.Decode(signature.Encode()), new MemoryStream(Data));

    private sealed class ThrowingValidator : ICertificateValidator
    {
        public long Version => 0;

        public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage) =>
            throw new InvalidOperationException("CRL download failed");
    }
}
