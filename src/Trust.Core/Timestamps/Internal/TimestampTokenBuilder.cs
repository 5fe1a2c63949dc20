using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Tsp;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Crypto;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using IssuerAndSerialNumber = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;

namespace Trust.Core.Timestamps.Internal;

/// <summary>
/// Signs a TSTInfo into a TimeStampToken (RFC 3161 section 2.4.2): a CMS SignedData (RFC 5652) whose encapsulated
/// content is the DER TSTInfo with content type id-ct-TSTInfo, one SignerInfo identified by issuer and serial,
/// signed attributes content-type, message-digest and signing-certificate-v2 (RFC 5035; RFC 3161 section 2.4.1
/// requires the ESS signing certificate). The certificates are included when the request asked for them.
/// </summary>
internal static class TimestampTokenBuilder
{
    public static byte[] Build(SigningKey key, IReadOnlyList<X509CertificateStructure> chain, byte[] leafDer, TstInfo info, bool includeCertificates)
    {
        var algorithm = TimestampAlgorithms.SignatureOf(key);
        var digestOid = SignatureAlgorithms.DigestOf(algorithm) == DigestAlgorithm.Sm3 ? SignatureAlgorithms.Sm3Oid : TimestampAlgorithms.Sha256;
        var content = info.GetEncoded(Asn1Encodable.Der);
        var leaf = chain[0];
        var issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(leaf.Issuer)), leaf.SerialNumber);
        var attributes = new Asn1EncodableVector
        {
            new Attribute(CmsAttributes.ContentType, new DerSet(PkcsObjectIdentifiers.IdCTTstInfo)),
            new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(TimestampAlgorithms.Hash(digestOid, content)))),
            new Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(new SigningCertificateV2([new EssCertIDv2(SHA256.HashData(leafDer), issuerSerial)]))),
        };
        var signedAttributes = new DerSet(attributes);
        byte[] signature;
        try
        {
            signature = key.Sign(algorithm, signedAttributes.GetEncoded(Asn1Encodable.Der));
        }
        catch (CryptographicException ex)
        {
            throw new TrustKeyException("The time-stamp authority's key failed to sign.", ex);
        }

        var digestAlgorithm = TimestampAlgorithms.Identifier(digestOid);
        var signerInfo = new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(leaf.Issuer, leaf.SerialNumber)),
            digestAlgorithm,
            signedAttributes,
            TimestampAlgorithms.SignatureIdentifier(algorithm),
            new DerOctetString(signature),
            null);
        var certificates = includeCertificates ? new DerSet(chain.Cast<Asn1Encodable>().ToArray()) : null;
        var signedData = new SignedData(
            new DerSet(digestAlgorithm),
            new ContentInfo(PkcsObjectIdentifiers.IdCTTstInfo, new DerOctetString(content)),
            certificates,
            null,
            new DerSet(signerInfo));
        return new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }
}
