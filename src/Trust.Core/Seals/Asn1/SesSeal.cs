using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// An electronic seal, <c>SES_Seal ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING,
/// signAlgID OBJECT IDENTIFIER, signedValue BIT STRING }</c> (GB/T 38540-2020, 7.1, version 4).
/// The seal maker signs the DER of <c>SEQUENCE { eSealInfo, cert, signAlgID }</c>.
/// </summary>
/// <param name="SealInfo">What the seal is.</param>
/// <param name="MakerCertificate">The seal maker's DER certificate (<c>cert</c>).</param>
/// <param name="SignatureAlgorithmOid">The maker's signature algorithm (<c>signAlgID</c>), dotted OID.</param>
/// <param name="SignedValue">The maker's signature (<c>signedValue</c>); DER <c>SEQUENCE { r, s }</c> for SM2.</param>
public sealed record SesSeal(SesSealInfo SealInfo, ReadOnlyMemory<byte> MakerCertificate, string SignatureAlgorithmOid, ReadOnlyMemory<byte> SignedValue)
{
    private const string Structure = "SES_Seal";

    /// <summary>Encodes the seal as DER.</summary>
    /// <exception cref="TrustFormatException">A field is out of its limits (<see cref="SesLimits"/>).</exception>
    public byte[] Encode() => SesDer.Der(ToAsn1());

    /// <summary>The bytes the seal maker signs: DER of <c>SEQUENCE { eSealInfo, cert, signAlgID }</c>.</summary>
    /// <exception cref="TrustFormatException">A field is out of its limits.</exception>
    public byte[] EncodeToBeSigned() => ToBeSigned(SealInfo, MakerCertificate, SignatureAlgorithmOid);

    /// <summary>
    /// Decodes a DER <c>SES_Seal</c> strictly: one structure with no trailing bytes, DER only, header id
    /// <c>"ES"</c> and version 4, every field of the right type and inside <see cref="SesLimits"/>.
    /// The maker's signature is not checked here (see <c>SealSignatureVerifier</c>).
    /// </summary>
    /// <exception cref="TrustFormatException">The input is not a well-formed seal; names the field.</exception>
    public static SesSeal Decode(ReadOnlySpan<byte> der)
    {
        var seq = SesDer.ReadTopLevel(der, Structure, SesLimits.MaxSealBytes);
        return SesDer.Guard(Structure, () => FromAsn1(seq));
    }

    /// <summary>Decodes like <see cref="Decode"/> but returns false instead of throwing on malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> der, [NotNullWhen(true)] out SesSeal? seal)
    {
        try
        {
            seal = Decode(der);
            return true;
        }
        catch (TrustFormatException)
        {
            seal = null;
            return false;
        }
    }

    internal static byte[] ToBeSigned(SesSealInfo info, ReadOnlyMemory<byte> makerCertificate, string algorithmOid)
    {
        SesDer.CheckBytes(makerCertificate.Span, Structure + ".cert", SesLimits.MaxCertificateBytes, 1);
        return SesDer.Der(new DerSequence(info.ToAsn1(), new DerOctetString(makerCertificate.ToArray()), new DerObjectIdentifier(algorithmOid)));
    }

    internal Asn1Encodable ToAsn1()
    {
        SesDer.CheckBytes(MakerCertificate.Span, Structure + ".cert", SesLimits.MaxCertificateBytes, 1);
        SesDer.CheckBytes(SignedValue.Span, Structure + ".signedValue", SesLimits.MaxSignatureValueBytes, 1);
        return new DerSequence(
            SealInfo.ToAsn1(),
            new DerOctetString(MakerCertificate.ToArray()),
            new DerObjectIdentifier(SignatureAlgorithmOid),
            new DerBitString(SignedValue.ToArray()));
    }

    internal static SesSeal FromAsn1(Asn1Encodable value)
    {
        var seq = SesDer.Sequence(value, Structure, 4, 4);
        return new SesSeal(
            SesSealInfo.FromAsn1(seq[0]),
            SesDer.Octets(seq[1], Structure + ".cert", SesLimits.MaxCertificateBytes, 1),
            SesDer.Oid(seq[2], Structure + ".signAlgID"),
            SesDer.Bits(seq[3], Structure + ".signedValue", SesLimits.MaxSignatureValueBytes));
    }
}
