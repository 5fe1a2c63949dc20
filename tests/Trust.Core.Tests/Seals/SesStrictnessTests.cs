using FsCheck.Xunit;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Tests.Hostile;

namespace Trust.Core.Tests.Seals;

/// <summary>
/// GB/T 38540 strictness: DER signature values where the standard fixes DER, and a present <c>timeStamp</c>
/// must be an RFC 3161 token over the signature value.
/// </summary>
public sealed class SesStrictnessTests
{
    private static readonly SealFixture F = SealFixture.Shared;
    private static readonly byte[] Data = "the signed document"u8.ToArray();
    private static readonly Lazy<(AsymmetricKeyParameter Key, X509Certificate Certificate)> Tsa = new(CreateTsa);

    private static SesSignature Sign(SesSeal seal, TestIdentity signer) =>
        new SealSigner().Sign(seal, signer.Certificate, signer.Key, new MemoryStream(Data));

    /// <summary>Verifies after a DER round trip, so what is checked is what a file would carry.</summary>
    private static SealVerificationResult Verify(SesSignature signature) =>
        new SealSignatureVerifier(F.NewValidator()).Verify(SesSignature.Decode(signature.Encode()), new MemoryStream(Data));

    [Fact]
    public void Our_signers_write_DER_and_verify()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);
        Assert.NotNull(EcSignatureEncoding.DerToRaw(signature.Signature.Span));
        Assert.NotNull(EcSignatureEncoding.DerToRaw(signature.ToSign.Seal.SignedValue.Span));
        Assert.True(Verify(signature).IsValid);
        Assert.True(Verify(Sign(F.RsaSeal(), F.RsaSigner)).IsValid);
    }

    [Fact]
    public void Raw_r_s_in_SES_Signature_signature_is_refused_as_signer_signature_encoding()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);
        var raw = EcSignatureEncoding.DerToRaw(signature.Signature.Span)!;
        Assert.True(F.Sm2Signer.Key.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, signature.ToSign.Encode(), raw), "the raw form is the same, mathematically valid signature");

        var result = Verify(signature with { Signature = raw });

        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Equal([SealReasons.SignatureEncoding], result.Reasons);
    }

    [Fact]
    public void Raw_r_s_in_SES_Seal_signedValue_is_refused_as_seal_maker_signature_encoding()
    {
        var seal = F.Sm2Seal("RAWMAKER-1");
        var rawSeal = seal with { SignedValue = EcSignatureEncoding.DerToRaw(seal.SignedValue.Span)! };

        var result = Verify(Sign(rawSeal, F.Sm2Signer));

        Assert.Equal([SealReasons.MakerSignatureEncoding], result.Reasons);
    }

    [Fact]
    public void Non_distinguished_BER_signature_values_are_refused_too()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);
        var der = signature.Signature.ToArray();

        // Long-form length for the SEQUENCE: BER, not DER.
        byte[] ber = [0x30, 0x81, der[1], .. der[2..]];
        Assert.Equal([SealReasons.SignatureEncoding], Verify(signature with { Signature = ber }).Reasons);

        // Trailing byte after the SEQUENCE.
        Assert.Equal([SealReasons.SignatureEncoding], Verify(signature with { Signature = der.Append((byte)0x00).ToArray() }).Reasons);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x30, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x06, 0x01, 0x00 })]
    public void Garbage_time_stamp_makes_the_signature_invalid_as_seal_timestamp_malformed(byte[] token)
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer) with { TimeStamp = token };

        var result = Verify(signature);

        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Equal([SealReasons.TimeStampMalformed], result.Reasons);
    }

    [Fact]
    public void Time_stamp_nested_deep_is_malformed_without_recursing()
    {
        var token = DeepNestingTests.NestedDer(4_000, indefinite: false);
        Assert.True(token.Length <= SesLimits.MaxTimeStampBytes);
        Assert.Equal(SealReasons.TimeStampMalformed, SesTimeStamp.Check(token, [1]));
        Assert.Equal(SealReasons.TimeStampMalformed, SesTimeStamp.Check(DeepNestingTests.NestedDer(100_000, indefinite: true), [1]));
    }

    [Fact]
    public void A_time_stamp_token_over_the_signature_value_from_a_tsa_it_cannot_check_is_indeterminate_and_named()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);

        foreach (var digest in new[] { TspAlgorithms.Sha256, TspAlgorithms.Sha512 })
        {
            var result = Verify(signature with { TimeStamp = Token(signature.Signature.ToArray(), digest) });

            Assert.Equal(SealVerdict.Indeterminate, result.Verdict);
            Assert.True(result.Reasons.Any(r => r.StartsWith("timestamp.", StringComparison.Ordinal)), string.Join(", ", result.Reasons));
        }
    }

    [Fact]
    public void A_time_stamp_token_over_other_bytes_is_seal_timestamp_mismatch()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);
        var other = Token("some other signature"u8.ToArray(), TspAlgorithms.Sha256);

        Assert.Equal([SealReasons.TimeStampMismatch], Verify(signature with { TimeStamp = other }).Reasons);
    }

    [Fact]
    public void A_CMS_signed_data_that_is_not_a_TSTInfo_is_malformed()
    {
        var signature = Sign(F.Sm2Seal(), F.Sm2Signer);
        var token = Token(signature.Signature.ToArray(), TspAlgorithms.Sha256);
        var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(token));
        var signedData = SignedData.GetInstance(contentInfo.Content);
        var relabelled = new SignedData(signedData.DigestAlgorithms, new ContentInfo(CmsObjectIdentifiers.Data, signedData.EncapContentInfo.Content),
            signedData.Certificates, signedData.CRLs, signedData.SignerInfos);
        var notTst = new ContentInfo(CmsObjectIdentifiers.SignedData, relabelled).GetEncoded(Asn1Encodable.Der);

        Assert.Equal([SealReasons.TimeStampMalformed], Verify(signature with { TimeStamp = notTst }).Reasons);
    }

    [Property(MaxTest = 200)]
    public bool Random_time_stamp_bytes_are_never_accepted(byte[] token)
    {
        if (token.Length == 0)
        {
            return SesTimeStamp.Check(token, [1]) is null; // empty = absent
        }

        return SesTimeStamp.Check(token, [1]) == SealReasons.TimeStampMalformed;
    }

    [Fact]
    public void Several_failures_keep_check_order_with_the_new_reasons()
    {
        var seal = F.Sm2Seal("ORDER-1");
        var rawSeal = seal with { SignedValue = EcSignatureEncoding.DerToRaw(seal.SignedValue.Span)! };
        var signature = Sign(rawSeal, F.Sm2Signer);
        var bad = signature with { Signature = EcSignatureEncoding.DerToRaw(signature.Signature.Span)!, TimeStamp = new byte[] { 9 } };

        var result = new SealSignatureVerifier(F.NewValidator()).Verify(SesSignature.Decode(bad.Encode()), new MemoryStream([1]));

        Assert.Equal([SealReasons.MakerSignatureEncoding, SealReasons.SignatureEncoding, SealReasons.TimeStampMalformed, SealReasons.DataHashMismatch], result.Reasons);
    }

    /// <summary>An RFC 3161 token from a throw-away test TSA over the digest of <paramref name="data"/>.</summary>
    private static byte[] Token(byte[] data, string digestOid)
    {
        var (key, certificate) = Tsa.Value;
        var generator = new TimeStampTokenGenerator(key, certificate, TspAlgorithms.Sha256, "1.2.3.4.1");
        var request = new TimeStampRequestGenerator().Generate(digestOid, DigestUtilities.CalculateDigest(digestOid, data));
        return generator.Generate(request, BigInteger.One, DateTime.UtcNow).GetEncoded();
    }

    private static (AsymmetricKeyParameter, X509Certificate) CreateTsa()
    {
        var keys = new ECKeyPairGenerator();
        keys.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        var pair = keys.GenerateKeyPair();
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.One);
        generator.SetIssuerDN(new X509Name("CN=Test TSA"));
        generator.SetSubjectDN(new X509Name("CN=Test TSA"));
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        generator.SetNotAfter(DateTime.UtcNow.AddYears(1));
        generator.SetPublicKey(pair.Public);
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
        return (pair.Private, generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private)));
    }
}
