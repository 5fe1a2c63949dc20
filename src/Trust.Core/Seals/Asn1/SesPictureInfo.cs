using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// <c>SES_ESPictureInfo ::= SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER }</c>
/// (GB/T 38540-2020, 7.1): the seal image, its format and its display size in millimetres.
/// </summary>
/// <param name="Type">Image format: <c>PNG</c>, <c>GIF</c>, <c>JPG</c>, <c>SVG</c> or <c>OFD</c>.</param>
/// <param name="Data">The image bytes (at most <see cref="SesLimits.MaxPictureBytes"/>).</param>
/// <param name="WidthMillimetres">Display width in millimetres.</param>
/// <param name="HeightMillimetres">Display height in millimetres.</param>
public sealed record SesPictureInfo(string Type, ReadOnlyMemory<byte> Data, int WidthMillimetres, int HeightMillimetres)
{
    internal Asn1Encodable ToAsn1()
    {
        SesDer.CheckBytes(Data.Span, "SES_ESPictureInfo.data", SesLimits.MaxPictureBytes, 1);
        CheckSize(WidthMillimetres, "SES_ESPictureInfo.width");
        CheckSize(HeightMillimetres, "SES_ESPictureInfo.height");
        return new DerSequence(
            SesDer.EncodeIa5(Type, "SES_ESPictureInfo.type", SesLimits.MaxTextLength),
            new DerOctetString(Data.ToArray()),
            DerInteger.ValueOf(WidthMillimetres),
            DerInteger.ValueOf(HeightMillimetres));
    }

    internal static SesPictureInfo FromAsn1(Asn1Encodable value)
    {
        var seq = SesDer.Sequence(value, "SES_ESPictureInfo", 4, 4);
        return new SesPictureInfo(
            SesDer.Ia5(seq[0], "SES_ESPictureInfo.type", SesLimits.MaxTextLength),
            SesDer.Octets(seq[1], "SES_ESPictureInfo.data", SesLimits.MaxPictureBytes, 1),
            SesDer.Integer(seq[2], "SES_ESPictureInfo.width", 1, SesLimits.MaxPictureMillimetres),
            SesDer.Integer(seq[3], "SES_ESPictureInfo.height", 1, SesLimits.MaxPictureMillimetres));
    }

    private static void CheckSize(int value, string field)
    {
        if (value < 1 || value > SesLimits.MaxPictureMillimetres)
        {
            throw new TrustFormatException(field, $"the value must be between 1 and {SesLimits.MaxPictureMillimetres} millimetres");
        }
    }
}
