using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// <c>TBS_Sign ::= SEQUENCE { version INTEGER, eseal SES_Seal, timeInfo GeneralizedTime, dataHash BIT STRING,
/// propertyInfo IA5String, extDatas [0] EXPLICIT ExtensionDatas OPTIONAL }</c> (GB/T 38540-2020, 7.2):
/// what the signer signs. The version is 4, the same as the seal's.
/// </summary>
/// <param name="Seal">The seal used.</param>
/// <param name="TimeInfo">The signing time claimed by the signer (whole seconds, UTC).</param>
/// <param name="DataHash">Digest of the signed data: SM3 for SM2 signatures, SHA-256 for RSA.</param>
/// <param name="PropertyInfo">A description of the signed data (Trust writes the file name or a caller's text), ASCII.</param>
/// <param name="Extensions">Extensions, or null when absent.</param>
public sealed record TbsSign(SesSeal Seal, DateTimeOffset TimeInfo, ReadOnlyMemory<byte> DataHash, string PropertyInfo, IReadOnlyList<SesExtension>? Extensions = null)
{
    private const string Structure = "TBS_Sign";

    /// <summary>Always <see cref="SesHeader.CurrentVersion"/>.</summary>
    public int Version => SesHeader.CurrentVersion;

    /// <summary>The DER bytes the signer signs.</summary>
    /// <exception cref="TrustFormatException">A field is out of its limits.</exception>
    public byte[] Encode() => SesDer.Der(ToAsn1());

    internal Asn1Encodable ToAsn1()
    {
        SesDer.CheckBytes(DataHash.Span, Structure + ".dataHash", SesLimits.MaxDataHashBytes, 1);
        var v = new Asn1EncodableVector(
            DerInteger.ValueOf(SesHeader.CurrentVersion),
            Seal.ToAsn1(),
            SesDer.EncodeTime(TimeInfo),
            new DerBitString(DataHash.ToArray()),
            SesDer.EncodeIa5(PropertyInfo, Structure + ".propertyInfo", SesLimits.MaxPropertyInfoLength));
        if (Extensions is not null)
        {
            v.Add(new DerTaggedObject(true, 0, SesExtension.ListToAsn1(Extensions, Structure + ".extDatas")));
        }

        return new DerSequence(v);
    }

    internal static TbsSign FromAsn1(Asn1Encodable value)
    {
        var seq = SesDer.Sequence(value, Structure, 5, 6);
        var version = SesDer.Integer(seq[0], Structure + ".version", 0, int.MaxValue);
        if (version != SesHeader.CurrentVersion)
        {
            throw new TrustFormatException(Structure + ".version", $"version {version} is not supported; only version {SesHeader.CurrentVersion} (GB/T 38540-2020)");
        }

        IReadOnlyList<SesExtension>? extensions = null;
        if (seq.Count == 6)
        {
            extensions = SesExtension.ListFromAsn1(ExplicitContext0(seq[5], Structure + ".extDatas"), Structure + ".extDatas");
        }

        return new TbsSign(
            SesSeal.FromAsn1(seq[1]),
            SesDer.Time(seq[2], Structure + ".timeInfo"),
            SesDer.Bits(seq[3], Structure + ".dataHash", SesLimits.MaxDataHashBytes),
            SesDer.Ia5(seq[4], Structure + ".propertyInfo", SesLimits.MaxPropertyInfoLength),
            extensions);
    }

    internal static Asn1Object ExplicitContext0(Asn1Encodable value, string field)
    {
        if (value is not Asn1TaggedObject tagged || tagged.TagClass != Asn1Tags.ContextSpecific || tagged.TagNo != 0)
        {
            throw new TrustFormatException(field, "expected a context-specific [0] tag");
        }

        if (!tagged.IsExplicit())
        {
            throw new TrustFormatException(field, "expected an explicit [0] tag");
        }

        return tagged.GetExplicitBaseObject().ToAsn1Object();
    }
}
