using Trust.Core.Encoding;
using Trust.Core.Results;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Seals;

/// <summary>
/// The resource limits of a <see cref="SealSignatureVerifier"/>, enforced before the signature work: the size and the
/// DER nesting of an encoded <c>SES_Signature</c> before it is decoded, the seal's certificate list and picture before
/// any certificate is parsed or signature checked. A signature over a configured limit but within the format
/// (<see cref="SesLimits"/>, <see cref="DerNesting.MaxDepth"/>) is <see cref="SealVerdict.Indeterminate"/> with a
/// <c>limit.*</c> reason (<see cref="LimitReasons"/>); over the format's own maximum it stays malformed
/// (<see cref="SealReasons.Malformed"/>). The defaults are the format's maxima; limits can only be lowered.
/// </summary>
/// <remarks>
/// The work of one verification is bounded by these sizes (two signature checks, one chain per certificate and one hash
/// of the signed data), so there is no time limit here; the document verifiers that call it for many seals
/// (PDF, OFD) have one.
/// </remarks>
public sealed class SesVerificationLimits
{
    /// <summary>The defaults (the format's maxima).</summary>
    public static SesVerificationLimits Default { get; } = new();

    /// <summary>
    /// Largest encoded <c>SES_Signature</c> decoded, 1 to <see cref="SesLimits.MaxSignatureBytes"/> (default). Larger:
    /// <c>limit.input_size</c>. Applies where the verifier gets the bytes
    /// (<see cref="SealSignatureVerifier.Verify(ReadOnlySpan{byte}, Stream)"/>).
    /// </summary>
    public int MaxSignatureBytes { get; init; } = SesLimits.MaxSignatureBytes;

    /// <summary>
    /// Deepest nesting of constructed DER values in an encoded <c>SES_Signature</c>, 1 to <see cref="DerNesting.MaxDepth"/>
    /// (default; a real signature needs about 12). Deeper: <c>limit.nesting_depth</c>, found by an iterative scan.
    /// </summary>
    public int MaxNestingDepth { get; init; } = DerNesting.MaxDepth;

    /// <summary>Most entries in the seal's certificate list, 1 to <see cref="SesLimits.MaxCertificateListEntries"/> (default). More: <c>limit.certificates</c>.</summary>
    public int MaxCertificateListEntries { get; init; } = SesLimits.MaxCertificateListEntries;

    /// <summary>Largest seal picture, 1 to <see cref="SesLimits.MaxPictureBytes"/> (default). Larger: <c>limit.picture_size</c>.</summary>
    public int MaxPictureBytes { get; init; } = SesLimits.MaxPictureBytes;

    /// <summary>Checks every limit against its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range; the parameter name is the property.</exception>
    public void Validate()
    {
        LimitReasons.CheckRange(MaxSignatureBytes, 1, SesLimits.MaxSignatureBytes, nameof(MaxSignatureBytes));
        LimitReasons.CheckRange(MaxNestingDepth, 1, DerNesting.MaxDepth, nameof(MaxNestingDepth));
        LimitReasons.CheckRange(MaxCertificateListEntries, 1, SesLimits.MaxCertificateListEntries, nameof(MaxCertificateListEntries));
        LimitReasons.CheckRange(MaxPictureBytes, 1, SesLimits.MaxPictureBytes, nameof(MaxPictureBytes));
    }
}
