using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// <c>SES_Header ::= SEQUENCE { id IA5String, version INTEGER, vid IA5String }</c> (GB/T 38540-2020, 7.1):
/// id is always <c>"ES"</c>, version is 4, vid names the vendor of the seal system.
/// </summary>
/// <param name="VendorId">The vendor identifier (<c>vid</c>), ASCII.</param>
public sealed record SesHeader(string VendorId)
{
    /// <summary>The fixed header identifier <c>"ES"</c>.</summary>
    public const string HeaderId = "ES";

    /// <summary>The structure version this implementation reads and writes (GB/T 38540-2020 is version 4).</summary>
    public const int CurrentVersion = 4;

    /// <summary>Always <see cref="HeaderId"/>.</summary>
    public string Id => HeaderId;

    /// <summary>Always <see cref="CurrentVersion"/>.</summary>
    public int Version => CurrentVersion;

    internal Asn1Encodable ToAsn1() => new DerSequence(
        SesDer.EncodeIa5(HeaderId, "SES_Header.id", 2),
        DerInteger.ValueOf(CurrentVersion),
        SesDer.EncodeIa5(VendorId, "SES_Header.vid", SesLimits.MaxTextLength));

    internal static SesHeader FromAsn1(Asn1Encodable value)
    {
        var seq = SesDer.Sequence(value, "SES_Header", 3, 3);
        var id = SesDer.Ia5(seq[0], "SES_Header.id", SesLimits.MaxTextLength);
        if (id != HeaderId)
        {
            throw new TrustFormatException("SES_Header.id", "the header identifier must be \"ES\"");
        }

        var version = SesDer.Integer(seq[1], "SES_Header.version", 0, int.MaxValue);
        if (version != CurrentVersion)
        {
            throw new TrustFormatException("SES_Header.version", $"version {version} is not supported; only version {CurrentVersion} (GB/T 38540-2020)");
        }

        return new SesHeader(SesDer.Ia5(seq[2], "SES_Header.vid", SesLimits.MaxTextLength));
    }
}
