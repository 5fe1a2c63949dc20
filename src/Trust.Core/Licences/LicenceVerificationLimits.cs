using Trust.Core.Cbor;
using Trust.Core.Cose;
using Trust.Core.Results;

namespace Trust.Core.Licences;

/// <summary>
/// The resource limits of a <see cref="LicenceVerifier"/>, enforced before the work they bound: the size before
/// decoding, the nesting depth and the certificate count before the signature and chain checks. A licence over a
/// configured limit but within the format (<see cref="SignedLicence.MaxBytes"/>, five x5chain certificates, CBOR depth
/// 8) is <see cref="LicenceVerdict.Untrusted"/> with a <c>limit.*</c> reason (<see cref="LimitReasons"/>, indication
/// indeterminate): this verifier could not decide. Input over the format's own maximum stays invalid
/// (<c>input.too_large</c>, <c>input.malformed:&lt;field&gt;</c>). The defaults are the format's maxima, so a verifier
/// without limits behaves as the format says. Limits can only be lowered: each property is capped at the format value.
/// </summary>
public sealed class LicenceVerificationLimits
{
    /// <summary>The upper cap of <see cref="MaxInputBytes"/>: the format's largest licence (64 KiB).</summary>
    public const int MaxInputBytesCap = CoseLimits.MaxMessageBytes;

    /// <summary>The upper cap of <see cref="MaxChainCertificates"/>: the format's largest x5chain (5).</summary>
    public const int MaxChainCertificatesCap = CoseLimits.MaxChainCertificates;

    /// <summary>The upper cap of <see cref="MaxNestingDepth"/>: the format's deepest CBOR nesting (8).</summary>
    public const int MaxNestingDepthCap = DeterministicCbor.MaxDepth;

    /// <summary>The defaults (the format's maxima).</summary>
    public static LicenceVerificationLimits Default { get; } = new();

    /// <summary>
    /// Largest licence (COSE_Sign1 bytes; for QR text the inflated bytes) verified, 1 to <see cref="MaxInputBytesCap"/>
    /// (default). Larger: <c>limit.input_size</c>, nothing decoded.
    /// </summary>
    public int MaxInputBytes { get; init; } = MaxInputBytesCap;

    /// <summary>
    /// Most certificates in the licence's x5chain, 1 to <see cref="MaxChainCertificatesCap"/> (default). More:
    /// <c>limit.certificates</c>, before any certificate is parsed or the signature checked.
    /// </summary>
    public int MaxChainCertificates { get; init; } = MaxChainCertificatesCap;

    /// <summary>
    /// Deepest nesting of CBOR arrays, maps and tags in the message and in its payload, 1 to
    /// <see cref="MaxNestingDepthCap"/> (default; a licence with a chain of several certificates needs 3). Deeper:
    /// <c>limit.nesting_depth</c>, found by an iterative scan before the signature is checked.
    /// </summary>
    public int MaxNestingDepth { get; init; } = MaxNestingDepthCap;

    /// <summary>Checks every limit against its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero, negative or above its cap; the parameter name is the property.</exception>
    public void Validate()
    {
        LimitReasons.CheckRange(MaxInputBytes, 1, MaxInputBytesCap, nameof(MaxInputBytes));
        LimitReasons.CheckRange(MaxChainCertificates, 1, MaxChainCertificatesCap, nameof(MaxChainCertificates));
        LimitReasons.CheckRange(MaxNestingDepth, 1, MaxNestingDepthCap, nameof(MaxNestingDepth));
    }
}
