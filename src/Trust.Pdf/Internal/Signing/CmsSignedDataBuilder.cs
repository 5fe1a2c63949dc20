using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Internal;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using BcContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using IssuerAndSerialNumber = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;
using Time = Org.BouncyCastle.Asn1.Cms.Time;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// Builds a detached CMS SignedData (RFC 5652) for a PDF signature: one SignerInfo with the
/// signed attributes content-type, message-digest, signing-certificate-v2 (RFC 5035, required by
/// PAdES / ETSI EN 319 142-1 section 5.2.2), the SES_Seal (<see cref="SealAttribute.Oid"/>) and,
/// for adbe.pkcs7.detached only, signing-time. The signature is made through
/// <see cref="SigningKey"/>, so keys in an HSM work.
/// </summary>
internal static class CmsSignedDataBuilder
{
    public static byte[] Build(SigningKey key, SignatureAlgorithm algorithm, IReadOnlyList<byte[]> chain, byte[] contentDigest, byte[]? sesSeal, DateTimeOffset? signingTime) =>
        Build(chain, algorithm, contentDigest, sesSeal, signingTime, toSign => key.Sign(algorithm, toSign));

    /// <summary>The size of the CMS when the signature has its largest possible length for the key.</summary>
    public static int UpperBound(VerificationKey key, SignatureAlgorithm algorithm, IReadOnlyList<byte[]> chain, byte[]? sesSeal, DateTimeOffset? signingTime)
    {
        var maxSignature = key.KeyAlgorithm == KeyAlgorithm.Rsa ? (key.KeySizeInBits + 7) / 8 : 72;
        var digest = new byte[32];
        return Build(chain, algorithm, digest, sesSeal, signingTime, _ => new byte[maxSignature]).Length;
    }

    private static byte[] Build(IReadOnlyList<byte[]> chain, SignatureAlgorithm algorithm, byte[] contentDigest, byte[]? sesSeal, DateTimeOffset? signingTime, Func<byte[], byte[]> sign)
    {
        var signedAttributes = SignedAttributes(chain, contentDigest, sesSeal, signingTime);
        return Assemble(chain, algorithm, signedAttributes, sign(signedAttributes));
    }

    private static (X509CertificateStructure Leaf, Asn1EncodableVector Certificates) Certificates(IReadOnlyList<byte[]> chain)
    {
        if (chain.Count == 0)
        {
            throw new TrustFormatException("certificates", "The certificate chain is empty.");
        }

        X509CertificateStructure leaf;
        var certificates = new Asn1EncodableVector();
        try
        {
            leaf = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(chain[0]));
            foreach (var der in chain)
            {
                certificates.Add(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)));
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException)
        {
            throw new TrustFormatException("certificates", "A certificate is not valid DER.", null, ex);
        }

        return (leaf, certificates);
    }

    /// <summary>The DER SET of signed attributes (what the key signs) for a content digest: phase one of two-phase sealing.</summary>
    public static byte[] SignedAttributes(IReadOnlyList<byte[]> chain, byte[] contentDigest, byte[]? sesSeal, DateTimeOffset? signingTime)
    {
        var (leaf, _) = Certificates(chain);
        var issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(leaf.Issuer)), leaf.SerialNumber);
        var essCertId = new EssCertIDv2(SHA256.HashData(chain[0]), issuerSerial);
        var attributes = new Asn1EncodableVector
        {
            new Attribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.Data)),
            new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(contentDigest))),
            new Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(new SigningCertificateV2([essCertId]))),
        };
        if (signingTime is { } time)
        {
            attributes.Add(new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(time.UtcDateTime))));
        }

        if (sesSeal is not null)
        {
            attributes.Add(SealAttribute.Create(sesSeal));
        }

        return new DerSet(attributes).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>
    /// Assembles the SignedData from signed attributes made by <see cref="SignedAttributes"/> and the signature over
    /// their DER (RFC 5652 section 5.4): phase two of two-phase sealing.
    /// </summary>
    public static byte[] Assemble(IReadOnlyList<byte[]> chain, SignatureAlgorithm algorithm, byte[] signedAttributesDer, byte[] signature)
    {
        var (leaf, certificates) = Certificates(chain);
        var signedAttributes = (Asn1Set)Asn1Object.FromByteArray(signedAttributesDer);
        var digestAlgorithm = CmsAlgorithmIdentifiers.Digest(algorithm);
        var signerInfo = new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(leaf.Issuer, leaf.SerialNumber)),
            digestAlgorithm,
            signedAttributes,
            CmsAlgorithmIdentifiers.Signature(algorithm),
            new DerOctetString(signature),
            null);
        var signedData = new SignedData(
            new DerSet(digestAlgorithm),
            new BcContentInfo(CmsObjectIdentifiers.Data, null),
            new DerSet(certificates),
            null,
            new DerSet(signerInfo));
        return new BcContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }
}
