using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// An electronic signature made with a seal, <c>SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING,
/// signatureAlgID OBJECT IDENTIFIER, signature BIT STRING, timeStamp [0] EXPLICIT BIT STRING OPTIONAL }</c>
/// (GB/T 38540-2020, 7.2, version 4). The signer signs the DER of <c>toSign</c>.
/// </summary>
/// <param name="ToSign">What is signed.</param>
/// <param name="SignerCertificate">The signer's DER certificate (<c>cert</c>).</param>
/// <param name="SignatureAlgorithmOid">The signer's algorithm (<c>signatureAlgID</c>), dotted OID.</param>
/// <param name="Signature">The signature value over the DER of <paramref name="ToSign"/>; for SM2 a DER <c>SEQUENCE { r, s }</c> (raw r‖s is refused by the verifier: <see cref="SealReasons.SignatureEncoding"/>).</param>
/// <param name="TimeStamp">
/// An optional time-stamp token over the signature value; null (or empty) when absent. Decoding keeps the bytes as they
/// are; <see cref="SealSignatureVerifier"/> requires a present token to be an RFC 3161 TimeStampToken whose imprint is the
/// digest of <paramref name="Signature"/> (<see cref="SealReasons.TimeStampMalformed"/>, <see cref="SealReasons.TimeStampMismatch"/>),
/// signed by a TSA whose certificate chains to its trust anchors at the token's time (<c>timestamp.*</c> reasons).
/// </param>
public sealed record SesSignature(TbsSign ToSign, ReadOnlyMemory<byte> SignerCertificate, string SignatureAlgorithmOid, ReadOnlyMemory<byte> Signature, ReadOnlyMemory<byte>? TimeStamp = null)
{
    private const string Structure = "SES_Signature";

    /// <summary>Encodes the signature as DER (the content of a <c>.ses</c> file).</summary>
    /// <exception cref="TrustFormatException">A field is out of its limits (<see cref="SesLimits"/>).</exception>
    public byte[] Encode() => SesDer.Der(ToAsn1());

    /// <summary>
    /// Decodes a DER <c>SES_Signature</c> strictly: one structure with no trailing bytes, DER only, versions 4,
    /// every field of the right type and inside <see cref="SesLimits"/>. Signatures are not checked here.
    /// </summary>
    /// <exception cref="TrustFormatException">The input is not a well-formed signature; names the field.</exception>
    public static SesSignature Decode(ReadOnlySpan<byte> der)
    {
        var seq = SesDer.ReadTopLevel(der, Structure, SesLimits.MaxSignatureBytes);
        return SesDer.Guard(Structure, () => FromAsn1(seq));
    }

    /// <summary>Decodes like <see cref="Decode"/> but returns false instead of throwing on malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> der, [NotNullWhen(true)] out SesSignature? signature)
    {
        try
        {
            signature = Decode(der);
            return true;
        }
        catch (TrustFormatException)
        {
            signature = null;
            return false;
        }
    }

    internal Asn1Encodable ToAsn1()
    {
        SesDer.CheckBytes(SignerCertificate.Span, Structure + ".cert", SesLimits.MaxCertificateBytes, 1);
        SesDer.CheckBytes(Signature.Span, Structure + ".signature", SesLimits.MaxSignatureValueBytes, 1);
        var v = new Asn1EncodableVector(
            ToSign.ToAsn1(),
            new DerOctetString(SignerCertificate.ToArray()),
            new DerObjectIdentifier(SignatureAlgorithmOid),
            new DerBitString(Signature.ToArray()));
        if (TimeStamp is { Length: > 0 } ts)
        {
            SesDer.CheckBytes(ts.Span, Structure + ".timeStamp", SesLimits.MaxTimeStampBytes, 1);
            v.Add(new DerTaggedObject(true, 0, new DerBitString(ts.ToArray())));
        }

        return new DerSequence(v);
    }

    internal static SesSignature FromAsn1(Asn1Encodable value)
    {
        var seq = SesDer.Sequence(value, Structure, 4, 5);
        ReadOnlyMemory<byte>? timeStamp = null;
        if (seq.Count == 5)
        {
            timeStamp = SesDer.Bits(TbsSign.ExplicitContext0(seq[4], Structure + ".timeStamp"), Structure + ".timeStamp", SesLimits.MaxTimeStampBytes);
        }

        return new SesSignature(
            TbsSign.FromAsn1(seq[0]),
            SesDer.Octets(seq[1], Structure + ".cert", SesLimits.MaxCertificateBytes, 1),
            SesDer.Oid(seq[2], Structure + ".signatureAlgID"),
            SesDer.Bits(seq[3], Structure + ".signature", SesLimits.MaxSignatureValueBytes),
            timeStamp);
    }
}
