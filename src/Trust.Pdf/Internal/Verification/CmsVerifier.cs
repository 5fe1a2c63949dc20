using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Internal;
using Trust.Core.Keys;
using Trust.Pdf.Internal.Signing;
using BcContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace Trust.Pdf.Internal.Verification;

/// <summary>The outcome of verifying a detached CMS SignedData over a PDF byte range.</summary>
internal sealed record CmsVerification(
    PdfSealIntegrity Integrity,
    string? Reason,
    SignatureAlgorithm? Algorithm,
    byte[]? SignerCertificate,
    IReadOnlyList<byte[]> Certificates,
    string? Signer,
    DateTimeOffset? SigningTime,
    Asn1Encodable? SesSeal)
{
    /// <summary>The SignerInfo's signature value (what a signature time-stamp covers).</summary>
    public byte[]? SignatureValue { get; init; }

    /// <summary>The unsigned attribute id-aa-signatureTimeStampToken (PAdES B-T), DER, when present.</summary>
    public byte[]? SignatureTimestampToken { get; init; }
}

/// <summary>
/// Verifies a detached CMS SignedData (RFC 5652 section 5.6): one SignerInfo, signed attributes
/// content-type = id-data and message-digest = digest of the byte range, signature over the DER
/// of the signed attributes with the signer certificate's key.
/// </summary>
internal static class CmsVerifier
{
    public static CmsVerification Verify(byte[] cms, Stream file, long[] byteRange)
    {
        SignedData signedData;
        try
        {
            // BouncyCastle's Asn1InputStream recurses per nesting level: bound it first (a hostile PDF must not overflow the stack).
            Trust.Core.Encoding.DerNesting.Check(cms, "cms");
        }
        catch (TrustFormatException)
        {
            return Broken("cms.malformed");
        }

        try
        {
            using var asn1 = new Asn1InputStream(cms);
            var info = BcContentInfo.GetInstance(asn1.ReadObject());
            if (!CmsObjectIdentifiers.SignedData.Equals(info.ContentType))
            {
                return Broken("cms.not_signed_data");
            }

            signedData = SignedData.GetInstance(info.Content);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return Broken("cms.malformed");
        }

        try
        {
            return VerifySignedData(signedData, file, byteRange);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException or TrustException or CryptographicException)
        {
            return Broken("cms.malformed");
        }
    }

    private static CmsVerification VerifySignedData(SignedData signedData, Stream file, long[] byteRange)
    {
        if (signedData.EncapContentInfo.Content is not null)
        {
            return Broken("cms.not_detached");
        }

        if (signedData.SignerInfos.Count != 1)
        {
            return Indeterminate("cms.signer_count", null);
        }

        var signerInfo = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        var certificates = new List<X509CertificateStructure>();
        if (signedData.Certificates is { } certs)
        {
            foreach (var c in certs)
            {
                if (c.ToAsn1Object() is Asn1Sequence)
                {
                    certificates.Add(X509CertificateStructure.GetInstance(c));
                }
            }
        }

        var certDers = certificates.Select(c => c.GetEncoded(Asn1Encodable.Der)).ToList();
        var signerIndex = certificates.FindIndex(c => Matches(signerInfo.SignerID, c));
        if (signerIndex < 0)
        {
            return Indeterminate("cms.signer_certificate_missing", null) with { Certificates = certDers };
        }

        var signer = certificates[signerIndex];
        var algorithm = CmsAlgorithmIdentifiers.Recognise(signerInfo.DigestAlgorithm, signerInfo.SignatureAlgorithm);
        if (algorithm is null)
        {
            return Indeterminate("algorithm.unsupported", null) with { Certificates = certDers, SignerCertificate = certDers[signerIndex], Signer = signer.Subject.ToString() };
        }

        if (signerInfo.SignedAttrs is not { } attrs)
        {
            return Indeterminate("cms.no_signed_attributes", algorithm) with { Certificates = certDers, SignerCertificate = certDers[signerIndex], Signer = signer.Subject.ToString() };
        }

        var table = new AttributeTable(attrs);
        var contentType = table[CmsAttributes.ContentType];
        var messageDigest = table[CmsAttributes.MessageDigest];
        if (contentType is null || messageDigest is null || !CmsObjectIdentifiers.Data.Equals(contentType.AttrValues[0]))
        {
            return Broken("cms.attributes_missing") with { Algorithm = algorithm };
        }

        var expected = Asn1OctetString.GetInstance(messageDigest.AttrValues[0]).GetOctets();
        var actual = Signing.ByteRangeHasher.Hash(file, byteRange, SignatureAlgorithms.DigestOf(algorithm.Value));
        var result = new CmsVerification(PdfSealIntegrity.Intact, null, algorithm, certDers[signerIndex], certDers, signer.Subject.ToString(), SigningTime(table), table[new DerObjectIdentifier(SealAttribute.Oid)]?.AttrValues[0])
        {
            SignatureValue = signerInfo.Signature.GetOctets(),
            SignatureTimestampToken = signerInfo.UnsignedAttrs is { } unsigned
                ? new AttributeTable(unsigned)[new DerObjectIdentifier(SignatureTimestamp.Oid)]?.AttrValues[0].GetEncoded(Asn1Encodable.Der)
                : null,
        };
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return result with { Integrity = PdfSealIntegrity.Broken, Reason = "digest.mismatch" };
        }

        VerificationKey key;
        try
        {
            key = PublicKeyPem.FromCertificate(certDers[signerIndex]);
        }
        catch (TrustKeyException)
        {
            return result with { Integrity = PdfSealIntegrity.Indeterminate, Reason = "certificate.key_unsupported" };
        }

        var signature = signerInfo.Signature.GetOctets();
        if (algorithm == SignatureAlgorithm.Sm2Sm3 && signature.Length == 64)
        {
            signature = EcSignatureEncoding.RawToDer(signature);
        }

        // CMS fixes DER and PDF signers do not normalise ECDSA s: high s is accepted here (docs/input-decisions.md).
        var signed = attrs.GetEncoded(Asn1Encodable.Der);
        if (!(key is Trust.Core.Crypto.Ecdsa.EcdsaVerificationKey ecdsa ? ecdsa.VerifyAllowingHighS(algorithm.Value, signed, signature) : key.Verify(algorithm.Value, signed, signature)))
        {
            return result with { Integrity = PdfSealIntegrity.Broken, Reason = "signature.invalid" };
        }

        return result;
    }

    private static DateTimeOffset? SigningTime(AttributeTable table)
    {
        var attr = table[CmsAttributes.SigningTime];
        if (attr is null)
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(Org.BouncyCastle.Asn1.Cms.Time.GetInstance(attr.AttrValues[0]).ToDateTime().ToUniversalTime(), TimeSpan.Zero);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool Matches(SignerIdentifier id, X509CertificateStructure cert)
    {
        if (id.ID is Asn1TaggedObject tagged)
        {
            // subjectKeyIdentifier [0]
            var ski = Asn1OctetString.GetInstance(tagged, false).GetOctets();
            var ext = cert.TbsCertificate.Extensions?.GetExtension(X509Extensions.SubjectKeyIdentifier);
            return ext is not null && Asn1OctetString.GetInstance(ext.GetParsedValue()).GetOctets().AsSpan().SequenceEqual(ski);
        }

        var iasn = IssuerAndSerialNumber.GetInstance(id.ID);
        return iasn.Issuer.Equivalent(cert.Issuer) && iasn.SerialNumber.Value.Equals(cert.SerialNumber.Value);
    }

    private static CmsVerification Broken(string reason) => new(PdfSealIntegrity.Broken, reason, null, null, [], null, null, null);

    private static CmsVerification Indeterminate(string reason, SignatureAlgorithm? algorithm) => new(PdfSealIntegrity.Indeterminate, reason, algorithm, null, [], null, null, null);
}
