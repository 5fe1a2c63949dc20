using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>The two forms of a seal's certificate list (<c>certListType</c>, GB/T 38540-2020, 7.1).</summary>
public enum SesCertListType
{
    /// <summary>1: <c>certs CertInfoList ::= SEQUENCE OF OCTET STRING</c>, the signers' DER certificates.</summary>
    Certificates = 1,

    /// <summary>2: <c>certDigestList ::= SEQUENCE OF CertDigestObj</c>, digests of the signers' certificates.</summary>
    CertificateDigests = 2,
}

/// <summary>
/// <c>CertDigestObj ::= SEQUENCE { type PrintableString, value OCTET STRING }</c>: the digest of one signer
/// certificate's DER and the name of the digest algorithm (Trust writes <c>SM3</c> or <c>SHA256</c>).
/// </summary>
/// <param name="DigestName">Digest algorithm name.</param>
/// <param name="Value">The digest of the certificate's DER encoding.</param>
public sealed record SesCertDigest(string DigestName, ReadOnlyMemory<byte> Value);

/// <summary>
/// <c>SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER, certList SES_CertList,
/// createDate GeneralizedTime, validStart GeneralizedTime, validEnd GeneralizedTime }</c> (GB/T 38540-2020, 7.1).
/// </summary>
/// <remarks>
/// Exactly one of <see cref="Certificates"/> and <see cref="CertificateDigests"/> is used, chosen by
/// <see cref="CertListType"/>; the other is empty. Times are whole seconds, UTC.
/// </remarks>
/// <param name="Type">The seal type code. Trust's codes are those of <see cref="SealKind"/>.</param>
/// <param name="Name">The seal's name, for example <c>某某局公章</c>.</param>
/// <param name="CertListType">Which list form is used.</param>
/// <param name="Certificates">DER certificates of who may sign with the seal (type 1).</param>
/// <param name="CertificateDigests">Digests of those certificates (type 2).</param>
/// <param name="CreateDate">When the seal was made.</param>
/// <param name="ValidStart">Start of the seal's validity.</param>
/// <param name="ValidEnd">End of the seal's validity.</param>
public sealed record SesPropertyInfo(
    int Type,
    string Name,
    SesCertListType CertListType,
    IReadOnlyList<ReadOnlyMemory<byte>> Certificates,
    IReadOnlyList<SesCertDigest> CertificateDigests,
    DateTimeOffset CreateDate,
    DateTimeOffset ValidStart,
    DateTimeOffset ValidEnd)
{
    internal Asn1Encodable ToAsn1()
    {
        const string field = "SES_ESPropertyInfo";
        if (Type < 0)
        {
            throw new TrustFormatException(field + ".type", "the seal type must not be negative");
        }

        SesDer.CheckLength(Name, field + ".name", SesLimits.MaxTextLength);
        var list = new Asn1EncodableVector();
        if (CertListType == SesCertListType.Certificates)
        {
            CheckCount(Certificates.Count);
            foreach (var cert in Certificates)
            {
                SesDer.CheckBytes(cert.Span, field + ".certList", SesLimits.MaxCertificateBytes, 1);
                list.Add(new DerOctetString(cert.ToArray()));
            }
        }
        else if (CertListType == SesCertListType.CertificateDigests)
        {
            CheckCount(CertificateDigests.Count);
            foreach (var digest in CertificateDigests)
            {
                SesDer.CheckBytes(digest.Value.Span, field + ".certList.value", SesLimits.MaxCertificateDigestBytes, 1);
                SesDer.CheckLength(digest.DigestName, field + ".certList.type", SesLimits.MaxTextLength);
                if (!DerPrintableString.IsPrintableString(digest.DigestName))
                {
                    throw new TrustFormatException(field + ".certList.type", "the digest name must be a PrintableString");
                }

                list.Add(new DerSequence(new DerPrintableString(digest.DigestName), new DerOctetString(digest.Value.ToArray())));
            }
        }
        else
        {
            throw new TrustFormatException(field + ".certListType", "must be 1 (certificates) or 2 (certificate digests)");
        }

        return new DerSequence(
            DerInteger.ValueOf(Type),
            new DerUtf8String(Name),
            DerInteger.ValueOf((int)CertListType),
            new DerSequence(list),
            SesDer.EncodeTime(CreateDate),
            SesDer.EncodeTime(ValidStart),
            SesDer.EncodeTime(ValidEnd));
    }

    internal static SesPropertyInfo FromAsn1(Asn1Encodable value)
    {
        const string field = "SES_ESPropertyInfo";
        var seq = SesDer.Sequence(value, field, 7, 7);
        var type = SesDer.Integer(seq[0], field + ".type", 0, int.MaxValue);
        var name = SesDer.Utf8(seq[1], field + ".name", SesLimits.MaxTextLength);
        var listType = SesDer.Integer(seq[2], field + ".certListType", 0, int.MaxValue);
        var list = SesDer.Sequence(seq[3], field + ".certList", 1, SesLimits.MaxCertificateListEntries);
        var certs = new List<ReadOnlyMemory<byte>>();
        var digests = new List<SesCertDigest>();
        switch (listType)
        {
            case (int)SesCertListType.Certificates:
                for (var i = 0; i < list.Count; i++)
                {
                    certs.Add(SesDer.Octets(list[i], $"{field}.certList[{i}]", SesLimits.MaxCertificateBytes, 1));
                }

                break;
            case (int)SesCertListType.CertificateDigests:
                for (var i = 0; i < list.Count; i++)
                {
                    var entry = SesDer.Sequence(list[i], $"{field}.certList[{i}]", 2, 2);
                    digests.Add(new SesCertDigest(
                        SesDer.Printable(entry[0], $"{field}.certList[{i}].type", SesLimits.MaxTextLength),
                        SesDer.Octets(entry[1], $"{field}.certList[{i}].value", SesLimits.MaxCertificateDigestBytes, 1)));
                }

                break;
            default:
                throw new TrustFormatException(field + ".certListType", $"{listType} is not 1 (certificates) or 2 (certificate digests)");
        }

        var created = SesDer.Time(seq[4], field + ".createDate");
        var start = SesDer.Time(seq[5], field + ".validStart");
        var end = SesDer.Time(seq[6], field + ".validEnd");
        if (end < start)
        {
            throw new TrustFormatException(field + ".validEnd", "the validity ends before it starts");
        }

        return new SesPropertyInfo(type, name, (SesCertListType)listType, certs, digests, created, start, end);
    }

    private static void CheckCount(int count)
    {
        if (count < 1 || count > SesLimits.MaxCertificateListEntries)
        {
            throw new TrustFormatException("SES_ESPropertyInfo.certList", $"a seal lists 1 to {SesLimits.MaxCertificateListEntries} signers, not {count}");
        }
    }
}
