namespace Trust.Core.Cose;

/// <summary>COSE header parameter labels used by Trust (RFC 9052 section 3.1, RFC 9360 section 2).</summary>
internal static class CoseHeaderLabels
{
    /// <summary><c>alg</c>: the signature algorithm (RFC 9052 section 3.1).</summary>
    public const int Algorithm = 1;

    /// <summary><c>content type</c> (RFC 9052 section 3.1): tells a licence from a status list.</summary>
    public const int ContentType = 3;

    /// <summary><c>kid</c>: key identifier (RFC 9052 section 3.1).</summary>
    public const int KeyId = 4;

    /// <summary><c>x5chain</c>: certificate chain, leaf first (RFC 9360 section 2).</summary>
    public const int X5Chain = 33;

    /// <summary>The CBOR tag of a COSE_Sign1 message (RFC 9052 section 2).</summary>
    public const ulong Sign1Tag = 18;
}
