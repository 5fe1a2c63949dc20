using Trust.Core.Crypto;

namespace Trust.Pdf;

/// <summary>What to seal with and where. Positions are in millimetres from the lower-left corner of the page as displayed (after /Rotate), inside its crop box.</summary>
public sealed class PdfSealOptions
{
    /// <summary>
    /// The signer's private key (software or HSM) for <see cref="PdfSealer.Seal(Stream, Stream, PdfSealOptions)"/>; null when
    /// the signature comes from an <see cref="Trust.Core.Seals.Providers.ISealProvider"/> or from two-phase sealing
    /// (<see cref="PdfSealer.Prepare"/>), where the first certificate of <see cref="CertificateChain"/> decides the key kind.
    /// </summary>
    public SigningKey? Key { get; init; }

    /// <summary>DER certificates, signer first, then its issuers; all are embedded in the CMS.</summary>
    public required IReadOnlyList<byte[]> CertificateChain { get; init; }

    /// <summary>The seal to apply.</summary>
    public required PdfSealData Seal { get; init; }

    /// <summary>The 1-based page that shows the seal.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Distance of the picture's left edge from the page's left edge, in millimetres.</summary>
    public double XMm { get; init; } = 20;

    /// <summary>Distance of the picture's bottom edge from the page's bottom edge, in millimetres.</summary>
    public double YMm { get; init; } = 20;

    /// <summary>The signature field name; a fresh unique name (Seal1, Seal2, ...) when null.</summary>
    public string? FieldName { get; init; }

    /// <summary>The /Reason entry.</summary>
    public string? Reason { get; init; }

    /// <summary>The /Location entry.</summary>
    public string? Location { get; init; }

    /// <summary>The signature's /SubFilter.</summary>
    public PdfSignatureSubFilter SubFilter { get; init; } = PdfSignatureSubFilter.EtsiCadesDetached;

    /// <summary>The signature scheme; the key's default (PKCS#1 v1.5 for RSA) when null.</summary>
    public SignatureAlgorithm? Algorithm { get; init; }

    /// <summary>
    /// Makes this a certification signature with DocMDP permission P=2 (form filling and further
    /// signatures allowed, ISO 32000-1 section 12.8.2.2). Only allowed on a document with no signature yet.
    /// </summary>
    public bool Certify { get; init; }

    /// <summary>The signing time written to /M; the current time when null.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>
    /// A time-stamp authority client: when set, the seal gets a signature time-stamp (PAdES B-T, ETSI EN 319 142-1
    /// section 5.3) as the unsigned CMS attribute id-aa-signatureTimeStampToken over the signature value. The client
    /// checks the token (imprint, nonce, TSA certificate and chain) before it is embedded; a failure throws
    /// <see cref="Trust.Core.Timestamps.TimestampException"/> (the file overload of <see cref="PdfSealer.Seal(string, string, PdfSealOptions)"/> then leaves nothing on disk).
    /// </summary>
    public Trust.Core.Timestamps.ITimestampClient? TimestampClient { get; init; }

    /// <summary>Bytes to reserve for the CMS; computed from the key and chain when null. Sealing fails before writing if too small.</summary>
    public int? ContentsSize { get; init; }
}
