using Org.BouncyCastle.Asn1;
using Trust.Core;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// The signed attribute that carries the GB/T 38540 SES_Seal inside the PDF signature's CMS.
/// There is no registered OID for it; Trust uses the UUID-derived OID
/// <c>2.25.51890920440473480930300266031169002661</c> (ITU-T X.667 / RFC 4122 section 4,
/// UUID 2709d3e7-8af3-4752-949b-8c8c0c39dca5), whose value is the DER SES_Seal itself
/// (<c>SealAttribute ::= SES_Seal</c>).
/// </summary>
internal static class SealAttribute
{
    public const string Oid = "2.25.51890920440473480930300266031169002661";

    public const int MaxSealBytes = 4 * 1024 * 1024;

    public static Attribute Create(byte[] sesSeal)
    {
        if (sesSeal.Length > MaxSealBytes)
        {
            throw new TrustFormatException("seal", "The SES_Seal is too large.");
        }

        // Bounded nesting before BouncyCastle's recursive parser (the seal file is caller input).
        Trust.Core.Encoding.DerNesting.Check(sesSeal, "seal");
        Asn1Object value;
        try
        {
            value = Asn1Object.FromByteArray(sesSeal);
        }
        catch (IOException ex)
        {
            throw new TrustFormatException("seal", "The SES_Seal is not valid DER.", null, ex);
        }

        if (value is not Asn1Sequence)
        {
            throw new TrustFormatException("seal", "The SES_Seal must be a DER SEQUENCE.");
        }

        return new Attribute(new DerObjectIdentifier(Oid), new DerSet(value));
    }
}
