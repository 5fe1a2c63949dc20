namespace Trust.Core.Cose;

/// <summary>Size limits applied before and while decoding COSE_Sign1 messages.</summary>
internal static class CoseLimits
{
    /// <summary>Largest COSE_Sign1 message accepted (64 KiB).</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>Largest serialized protected header (five certificates and a few small parameters).</summary>
    public const int MaxProtectedHeaderBytes = (MaxChainCertificates * MaxCertificateBytes) + 256;

    /// <summary>Most certificates in an x5chain.</summary>
    public const int MaxChainCertificates = 5;

    /// <summary>Largest single certificate in an x5chain.</summary>
    public const int MaxCertificateBytes = 8 * 1024;

    /// <summary>Largest key identifier.</summary>
    public const int MaxKeyIdBytes = 64;

    /// <summary>Largest signature (RSA 4096 is 512 bytes).</summary>
    public const int MaxSignatureBytes = 512;

    /// <summary>Longest content type string.</summary>
    public const int MaxContentTypeLength = 64;
}
