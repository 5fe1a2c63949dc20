using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// <c>SES_SealInfo ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
/// picture SES_ESPictureInfo, extDatas ExtensionDatas OPTIONAL }</c> (GB/T 38540-2020, 7.1).
/// </summary>
/// <param name="Header">The header (id "ES", version 4, vendor).</param>
/// <param name="EsId">The seal identifier (<c>esID</c>), ASCII.</param>
/// <param name="Property">Type, name, who may sign, validity.</param>
/// <param name="Picture">The seal image.</param>
/// <param name="Extensions">Extensions, or null when absent.</param>
public sealed record SesSealInfo(SesHeader Header, string EsId, SesPropertyInfo Property, SesPictureInfo Picture, IReadOnlyList<SesExtension>? Extensions = null)
{
    internal Asn1Encodable ToAsn1()
    {
        var v = new Asn1EncodableVector(
            Header.ToAsn1(),
            SesDer.EncodeIa5(EsId, "SES_SealInfo.esID", SesLimits.MaxTextLength),
            Property.ToAsn1(),
            Picture.ToAsn1());
        if (Extensions is not null)
        {
            v.Add(SesExtension.ListToAsn1(Extensions, "SES_SealInfo.extDatas"));
        }

        return new DerSequence(v);
    }

    internal static SesSealInfo FromAsn1(Asn1Encodable value)
    {
        var seq = SesDer.Sequence(value, "SES_SealInfo", 4, 5);
        var header = SesHeader.FromAsn1(seq[0]);
        var esId = SesDer.Ia5(seq[1], "SES_SealInfo.esID", SesLimits.MaxTextLength);
        if (esId.Length == 0)
        {
            throw new TrustFormatException("SES_SealInfo.esID", "the seal identifier is empty");
        }

        return new SesSealInfo(
            header,
            esId,
            SesPropertyInfo.FromAsn1(seq[2]),
            SesPictureInfo.FromAsn1(seq[3]),
            seq.Count == 5 ? SesExtension.ListFromAsn1(seq[4], "SES_SealInfo.extDatas") : null);
    }
}
