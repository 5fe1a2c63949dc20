using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Pkcs;
using Trust.Core.Crypto;
using Trust.Core.Timestamps;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// PAdES B-T (ETSI EN 319 142-1 section 5.3): adds a signature time-stamp over the SignerInfo's signature value as the
/// unsigned attribute id-aa-signatureTimeStampToken (RFC 3161 appendix A, 1.2.840.113549.1.9.16.2.14). The signed
/// part of the CMS does not change, so the signature stays valid.
/// </summary>
internal static class SignatureTimestamp
{
    /// <summary>id-aa-signatureTimeStampToken (RFC 3161 appendix A).</summary>
    public const string Oid = "1.2.840.113549.1.9.16.2.14";

    /// <summary>Room reserved in /Contents for the token: a token with a two-certificate RSA-3072 chain is about 4.5 KB.</summary>
    public const int Reserve = 12 * 1024;

    /// <summary>The digest used for the imprint: SM3 for an SM2 signature, SHA-256 otherwise.</summary>
    public static DigestAlgorithm ImprintAlgorithm(SignatureAlgorithm algorithm) => SignatureAlgorithms.DigestOf(algorithm);

    public static byte[] Add(byte[] cms, ITimestampClient client, SignatureAlgorithm algorithm)
    {
        var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(cms));
        var signedData = SignedData.GetInstance(contentInfo.Content);
        var signer = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        var digestAlgorithm = ImprintAlgorithm(algorithm);
        var imprint = Digest.Hash(digestAlgorithm, signer.Signature.GetOctets());

        // The sealing session is synchronous; the HTTP client does not capture a synchronisation context.
        var token = client.GetTokenAsync(digestAlgorithm, imprint).GetAwaiter().GetResult();
        var attribute = new Attribute(new DerObjectIdentifier(Oid), new DerSet(Asn1Object.FromByteArray(token)));
        var stamped = new SignerInfo(signer.SignerID, signer.DigestAlgorithm, signer.SignedAttrs, signer.SignatureAlgorithm, signer.Signature, new DerSet(attribute));
        var result = new SignedData(signedData.DigestAlgorithms, signedData.EncapContentInfo, signedData.Certificates, signedData.CRLs, new DerSet(stamped));
        return new ContentInfo(CmsObjectIdentifiers.SignedData, result).GetEncoded(Asn1Encodable.Der);
    }
}
