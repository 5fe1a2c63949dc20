namespace Trust.Core.Seals.Asn1;

/// <summary>
/// Size limits applied when decoding and encoding GB/T 38540 structures. The standard sets no
/// limits; these bound memory use for hostile input and are generous for real seals.
/// </summary>
public static class SesLimits
{
    /// <summary>Largest encoded <c>SES_Seal</c> accepted (4 MiB).</summary>
    public const int MaxSealBytes = 4 * 1024 * 1024;

    /// <summary>Largest encoded <c>SES_Signature</c> accepted (4 MiB plus 64 KiB for the signature's own fields).</summary>
    public const int MaxSignatureBytes = MaxSealBytes + (64 * 1024);

    /// <summary>Largest seal picture (1 MiB).</summary>
    public const int MaxPictureBytes = 1024 * 1024;

    /// <summary>Largest single certificate (16 KiB).</summary>
    public const int MaxCertificateBytes = 16 * 1024;

    /// <summary>Most entries in a seal's certificate list.</summary>
    public const int MaxCertificateListEntries = 32;

    /// <summary>Longest certificate digest (64 bytes covers SM3, SHA-256 and SHA-512).</summary>
    public const int MaxCertificateDigestBytes = 64;

    /// <summary>Longest text field (seal name, identifiers, vendor id, digest names), in characters.</summary>
    public const int MaxTextLength = 256;

    /// <summary>Longest <c>propertyInfo</c> text of a <c>TBS_Sign</c>, in characters.</summary>
    public const int MaxPropertyInfoLength = 4096;

    /// <summary>Most extensions in an <c>ExtensionDatas</c>.</summary>
    public const int MaxExtensions = 16;

    /// <summary>Largest extension value (64 KiB).</summary>
    public const int MaxExtensionValueBytes = 64 * 1024;

    /// <summary>Largest signature value (1 KiB covers RSA-4096 and DER SM2).</summary>
    public const int MaxSignatureValueBytes = 1024;

    /// <summary>Largest data hash in a <c>TBS_Sign</c>.</summary>
    public const int MaxDataHashBytes = 64;

    /// <summary>Largest time-stamp token in a <c>SES_Signature</c> (16 KiB).</summary>
    public const int MaxTimeStampBytes = 16 * 1024;

    /// <summary>Largest picture width or height, in millimetres.</summary>
    public const int MaxPictureMillimetres = 1000;
}
