using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Tsp;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Crypto;
using Trust.Core.Encoding;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Timestamps.Internal;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace Trust.Core.Timestamps;

/// <summary>
/// Checks an RFC 3161 time-stamp token: its structure (RFC 3161 section 2.4.2: SignedData, id-ct-TSTInfo, one
/// signer), the message imprint against the data, the signed attributes (content type, message digest, ESS
/// signing certificate v1 or v2 naming the TSA certificate, RFC 3161 section 2.4.1), the TSA's signature, and the
/// TSA certificate: extended key usage id-kp-timeStamping alone and critical, chained to the validator's trust
/// anchors at the time asked. Never throws for a bad token: every problem is a reason.
/// </summary>
public static class TimestampTokenVerifier
{
    /// <summary>The largest token accepted (a token with a 3-certificate RSA chain is about 6 KB).</summary>
    public const int MaxTokenBytes = 256 * 1024;

    /// <summary>Checks <paramref name="token"/> as a time-stamp over <paramref name="stampedData"/>.</summary>
    /// <param name="token">The DER TimeStampToken.</param>
    /// <param name="stampedData">The data whose digest the token must carry (for a signature timestamp: the signature value).</param>
    /// <param name="validator">Trust anchors and CRLs for the TSA certificate.</param>
    /// <param name="at">The time at which the TSA chain is validated; the current time when null.</param>
    public static TimestampVerification Verify(ReadOnlyMemory<byte> token, ReadOnlySpan<byte> stampedData, ICertificateValidator validator, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var data = stampedData.ToArray();
        return Run(token, info => TimestampAlgorithms.ImprintLength(info.MessageImprint.HashAlgorithm.Algorithm.Id) is not null
            && CryptographicOperations.FixedTimeEquals(TimestampAlgorithms.Hash(info.MessageImprint.HashAlgorithm.Algorithm.Id, data), info.MessageImprint.GetHashedMessage()),
            validator, at);
    }

    /// <summary>Checks <paramref name="token"/> as a time-stamp over a digest already computed.</summary>
    /// <param name="token">The DER TimeStampToken.</param>
    /// <param name="algorithm">The digest algorithm the token's imprint must use.</param>
    /// <param name="imprint">The digest the token must carry.</param>
    /// <param name="validator">Trust anchors and CRLs for the TSA certificate.</param>
    /// <param name="at">The time at which the TSA chain is validated; the current time when null.</param>
    public static TimestampVerification VerifyImprint(ReadOnlyMemory<byte> token, DigestAlgorithm algorithm, ReadOnlySpan<byte> imprint, ICertificateValidator validator, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var oid = TimestampAlgorithms.OidOf(algorithm);
        var expected = imprint.ToArray();
        return Run(token, info => info.MessageImprint.HashAlgorithm.Algorithm.Id == oid
            && CryptographicOperations.FixedTimeEquals(expected, info.MessageImprint.GetHashedMessage()), validator, at);
    }

    /// <summary>Reads a token's fields without checking anything but its structure.</summary>
    /// <param name="token">The DER TimeStampToken.</param>
    /// <param name="result">The fields, or null.</param>
    /// <returns>True when the token could be read.</returns>
    public static bool TryDecode(ReadOnlyMemory<byte> token, out TimestampToken? result)
    {
        result = Parse(token, out _, out _, out _)?.Token;
        return result is not null;
    }

    private sealed record Parsed(TimestampToken Token, TstInfo Info, SignerInfo Signer, byte[] Content);

    private static Parsed? Parse(ReadOnlyMemory<byte> token, out SignedData? signedData, out X509CertificateStructure? tsa, out List<X509CertificateStructure> others)
    {
        signedData = null;
        tsa = null;
        others = [];
        if (token.Length == 0 || token.Length > MaxTokenBytes)
        {
            return null;
        }

        try
        {
            DerNesting.Check(token.Span, "TimeStampToken");
            var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(token.ToArray()));
            if (!contentInfo.ContentType.Equals(CmsObjectIdentifiers.SignedData))
            {
                return null;
            }

            signedData = SignedData.GetInstance(contentInfo.Content);
            var encap = signedData.EncapContentInfo;
            if (!encap.ContentType.Equals(PkcsObjectIdentifiers.IdCTTstInfo) || encap.Content is not Asn1OctetString octets || signedData.SignerInfos.Count != 1)
            {
                return null;
            }

            var content = octets.GetOctets();
            var info = TstInfo.GetInstance(Asn1Object.FromByteArray(content));
            var signer = SignerInfo.GetInstance(signedData.SignerInfos[0]);
            var certificates = signedData.Certificates?.Cast<Asn1Encodable>().Select(c => X509CertificateStructure.GetInstance(c)).ToList() ?? [];
            tsa = certificates.FirstOrDefault(c => Matches(signer.SignerID, c));
            var leaf = tsa;
            others = certificates.Where(c => !ReferenceEquals(c, leaf)).ToList();
            var accuracy = info.Accuracy is { } a
                ? TimeSpan.FromSeconds(a.Seconds?.IntValueExact ?? 0) + TimeSpan.FromMilliseconds(a.Millis?.IntValueExact ?? 0) + TimeSpan.FromMicroseconds(a.Micros?.IntValueExact ?? 0)
                : (TimeSpan?)null;
            var result = new TimestampToken
            {
                Encoded = token,
                Time = new DateTimeOffset(info.GenTime.ToDateTime(), TimeSpan.Zero),
                Accuracy = accuracy,
                SerialNumber = Convert.ToHexString(info.SerialNumber.Value.ToByteArrayUnsigned()),
                PolicyOid = info.Policy.Id,
                ImprintAlgorithmOid = info.MessageImprint.HashAlgorithm.Algorithm.Id,
                Imprint = info.MessageImprint.GetHashedMessage(),
                Nonce = info.Nonce is { } n ? n.Value.ToByteArrayUnsigned() : null,
                TsaCertificate = tsa?.GetEncoded(Asn1Encodable.Der) ?? [],
                OtherCertificates = others.Select(c => c.GetEncoded(Asn1Encodable.Der)).ToArray(),
                TsaName = tsa?.Subject.ToString() ?? string.Empty,
            };
            return new Parsed(result, info, signer, content);
        }
#pragma warning disable CA1031 // Hostile bytes: any parser failure means "not a time-stamp token".
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static TimestampVerification Run(ReadOnlyMemory<byte> token, Func<TstInfo, bool> imprintMatches, ICertificateValidator validator, DateTimeOffset? at)
    {
        if (Parse(token, out _, out var tsa, out var others) is not { } parsed)
        {
            return new TimestampVerification(null, [TimestampReasons.Malformed], null);
        }

        var reasons = new List<string>();
        if (!imprintMatches(parsed.Info))
        {
            reasons.Add(TimestampReasons.ImprintMismatch);
        }

        if (tsa is null)
        {
            reasons.Add(TimestampReasons.SigningCertificateMissing);
            return new TimestampVerification(parsed.Token, reasons, null);
        }

        var tsaDer = parsed.Token.TsaCertificate.ToArray();
        try
        {
            CheckSignature(parsed, tsaDer, reasons);
        }
#pragma warning disable CA1031 // Hostile bytes in the attributes or the key.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            reasons.Add(TimestampReasons.Malformed);
        }

        var chain = validator.Validate(tsaDer, parsed.Token.OtherCertificates.Select(c => (ReadOnlyMemory<byte>)c).ToArray(), at ?? DateTimeOffset.UtcNow, CertificateUsage.TimeStamping);
        if (!chain.IsTrusted)
        {
            var code = chain.Status == ChainStatus.Invalid ? TimestampReasons.TsaNotEntitled : TimestampReasons.TsaUntrusted;
            reasons.Add(chain.Reasons.Count > 0 ? code + ":" + chain.Reasons[0] : code);
        }

        return new TimestampVerification(parsed.Token, reasons, chain);
    }

    private static void CheckSignature(Parsed parsed, byte[] tsaDer, List<string> reasons)
    {
        var signer = parsed.Signer;
        if (TimestampAlgorithms.Recognise(signer.DigestAlgorithm.Algorithm.Id, signer.SignatureAlgorithm.Algorithm.Id) is not { } algorithm)
        {
            reasons.Add(TimestampReasons.UnsupportedAlgorithm);
            return;
        }

        if (signer.SignedAttrs is not { } signedAttributes)
        {
            reasons.Add(TimestampReasons.Malformed);
            return;
        }

        var table = new AttributeTable(signedAttributes);
        var contentType = table[CmsAttributes.ContentType]?.AttrValues[0];
        var messageDigest = table[CmsAttributes.MessageDigest]?.AttrValues[0] as Asn1OctetString;
        var digestOid = signer.DigestAlgorithm.Algorithm.Id;
        if (!PkcsObjectIdentifiers.IdCTTstInfo.Equals(contentType) || messageDigest is null
            || !CryptographicOperations.FixedTimeEquals(messageDigest.GetOctets(), TimestampAlgorithms.Hash(digestOid, parsed.Content)))
        {
            reasons.Add(TimestampReasons.SignatureInvalid);
            return;
        }

        if (!SigningCertificateMatches(table, tsaDer))
        {
            reasons.Add(TimestampReasons.SigningCertificateMissing);
        }

        var key = PublicKeyPem.FromCertificate(tsaDer);
        if (!key.Verify(algorithm, signedAttributes.GetEncoded(Asn1Encodable.Der), signer.Signature.GetOctets()))
        {
            reasons.Add(TimestampReasons.SignatureInvalid);
        }
    }

    /// <summary>RFC 3161 section 2.4.1 / RFC 5035: the ESS signing-certificate (SHA-1) or signing-certificate-v2 attribute names the TSA certificate.</summary>
    private static bool SigningCertificateMatches(AttributeTable table, byte[] tsaDer)
    {
        if (table[PkcsObjectIdentifiers.IdAASigningCertificateV2] is { } v2)
        {
            var first = SigningCertificateV2.GetInstance(v2.AttrValues[0]).GetCerts()[0];
            var oid = first.HashAlgorithm.Algorithm.Id;
            return TimestampAlgorithms.ImprintLength(oid) is not null
                && CryptographicOperations.FixedTimeEquals(first.GetCertHash(), TimestampAlgorithms.Hash(oid, tsaDer));
        }

        if (table[PkcsObjectIdentifiers.IdAASigningCertificate] is { } v1)
        {
            var first = SigningCertificate.GetInstance(v1.AttrValues[0]).GetCerts()[0];
#pragma warning disable CA5350 // RFC 2634 ESSCertID is SHA-1 by definition; an identifier, not a security use.
            return CryptographicOperations.FixedTimeEquals(first.GetCertHash(), SHA1.HashData(tsaDer));
#pragma warning restore CA5350
        }

        return false;
    }

    private static bool Matches(SignerIdentifier id, X509CertificateStructure certificate)
    {
        if (id.ID is Asn1TaggedObject tagged)
        {
            var ski = Asn1OctetString.GetInstance(tagged, false).GetOctets();
            var extension = certificate.TbsCertificate.Extensions?.GetExtension(X509Extensions.SubjectKeyIdentifier);
            return extension is not null && SubjectKeyIdentifier.GetInstance(extension.GetParsedValue()).GetKeyIdentifier().AsSpan().SequenceEqual(ski);
        }

        var issuerSerial = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber.GetInstance(id.ID);
        return issuerSerial.Issuer.Equivalent(certificate.Issuer) && issuerSerial.SerialNumber.HasValue(certificate.SerialNumber.Value);
    }
}
