using Trust.Core.Cose;
using Trust.Core.Results;

namespace Trust.Core.Grants;

/// <summary>
/// The resource and validity limits of a <see cref="GrantChecker"/>. The size is checked before decoding, the
/// certificate count before any certificate or signature work; a grant over a configured limit but within the format
/// (<see cref="SignedGrant.MaxBytes"/>, five x5chain certificates) is denied with a <c>limit.*</c> reason
/// (<see cref="LimitReasons"/>, indication indeterminate). A grant over the format's own maximum stays
/// <c>grant.malformed</c>. The validity limits bound what a grant may claim (<c>grant.lifetime_too_long</c>,
/// <c>grant.issued_in_future</c>, <c>grant.valid_before_issue</c>, <c>grant.not_yet_valid</c>). Defaults are
/// the format's values; each property is capped so that a configuration cannot switch the protection off.
/// </summary>
public sealed class GrantVerificationLimits
{
    /// <summary>The upper cap of <see cref="MaxInputBytes"/>: the format's largest grant (16 KiB).</summary>
    public const int MaxInputBytesCap = SignedGrant.MaxBytes;

    /// <summary>The upper cap of <see cref="MaxChainCertificates"/>: the format's largest x5chain (5).</summary>
    public const int MaxChainCertificatesCap = CoseLimits.MaxChainCertificates;

    /// <summary>The upper cap of <see cref="MaxLifetime"/>: the longest grant an issuer makes (<see cref="GrantIssueRequest.MaxValidityMinutes"/>).</summary>
    public static readonly TimeSpan MaxLifetimeCap = TimeSpan.FromMinutes(GrantIssueRequest.MaxValidityMinutes);

    /// <summary>The upper cap of <see cref="MaxClockSkew"/> (10 minutes).</summary>
    public static readonly TimeSpan MaxClockSkewCap = TimeSpan.FromMinutes(10);

    /// <summary>The defaults.</summary>
    public static GrantVerificationLimits Default { get; } = new();

    /// <summary>Largest grant (COSE_Sign1 bytes; for QR text the inflated bytes) checked, 1 to <see cref="MaxInputBytesCap"/> (default). Larger: <c>limit.input_size</c>.</summary>
    public int MaxInputBytes { get; init; } = MaxInputBytesCap;

    /// <summary>Most certificates in the grant's x5chain, 1 to <see cref="MaxChainCertificatesCap"/> (default). More: <c>limit.certificates</c>.</summary>
    public int MaxChainCertificates { get; init; } = MaxChainCertificatesCap;

    /// <summary>The longest validity (expiry minus not-before) a grant may claim, one minute to <see cref="MaxLifetimeCap"/> (default). Longer: <c>grant.lifetime_too_long</c>.</summary>
    public TimeSpan MaxLifetime { get; init; } = MaxLifetimeCap;

    /// <summary>Tolerated clock difference between issuer and checker, zero to <see cref="MaxClockSkewCap"/> (default one minute).</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks every limit against its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range; the parameter name is the property.</exception>
    public void Validate()
    {
        LimitReasons.CheckRange(MaxInputBytes, 1, MaxInputBytesCap, nameof(MaxInputBytes));
        LimitReasons.CheckRange(MaxChainCertificates, 1, MaxChainCertificatesCap, nameof(MaxChainCertificates));
        LimitReasons.CheckRange(MaxLifetime, TimeSpan.FromMinutes(1), MaxLifetimeCap, nameof(MaxLifetime));
        LimitReasons.CheckRange(MaxClockSkew, TimeSpan.Zero, MaxClockSkewCap, nameof(MaxClockSkew));
    }
}
