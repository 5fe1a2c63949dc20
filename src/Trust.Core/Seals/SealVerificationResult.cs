using Trust.Core.Crypto;

namespace Trust.Core.Seals;

/// <summary>The outcome of verifying an electronic signature.</summary>
public enum SealVerdict
{
    /// <summary>Every check passed.</summary>
    Valid = 0,

    /// <summary>At least one check failed; see the reasons.</summary>
    Invalid = 1,

    /// <summary>No check failed but at least one could not be made (validator or revocation source failed).</summary>
    Indeterminate = 2,
}

/// <summary>The result of <see cref="SealSignatureVerifier"/>: verdict, reasons and what was used to sign.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Reasons">Reason codes (<see cref="SealReasons"/>) in check order; empty when valid.</param>
/// <param name="SealId">The seal's <c>esID</c>, when the signature could be decoded.</param>
/// <param name="SealName">The seal's name, when decoded.</param>
/// <param name="SealType">The seal's type code (see <see cref="SealKind"/>), when decoded.</param>
/// <param name="Signer">The signer certificate's subject, when it could be read (for example the department).</param>
/// <param name="Algorithm">The signer's algorithm, when recognised.</param>
/// <param name="SigningTime">The signing time claimed in <c>TBS_Sign.timeInfo</c>, when decoded.</param>
public sealed record SealVerificationResult(
    SealVerdict Verdict,
    IReadOnlyList<string> Reasons,
    string? SealId,
    string? SealName,
    int? SealType,
    string? Signer,
    SignatureAlgorithm? Algorithm,
    DateTimeOffset? SigningTime)
{
    /// <summary>The time of the signature's <c>timeStamp</c> token (GB/T 38540), when one is present and readable, whether or not it is valid.</summary>
    public DateTimeOffset? TimestampTime { get; init; }

    /// <summary>
    /// The time a valid <c>timeStamp</c> proves the signature existed at (ETSI EN 319 102-1 proof of existence); the
    /// certificates were judged at this time. Null when the signature has no valid time-stamp.
    /// </summary>
    public DateTimeOffset? BestSignatureTime { get; init; }

    /// <summary>True only when <see cref="Verdict"/> is <see cref="SealVerdict.Valid"/>.</summary>
    public bool IsValid => Verdict == SealVerdict.Valid;

    /// <summary>The verdict in the common result model (indication, sub-indication, reasons); passed only when valid.</summary>
    public Results.VerificationOutcome Outcome => Results.VerificationOutcome.FromReasons(Reasons, Verdict switch
    {
        SealVerdict.Valid => null,
        SealVerdict.Indeterminate => "check.indeterminate",
        _ => "check.failed",
    });
}
