namespace Trust.Core.Licences;

/// <summary>
/// The result of verifying one licence: a verdict and machine-readable reasons, for example
/// <c>signature.invalid</c>, <c>chain.untrusted</c>, <c>schema.missing_field:registered_capital</c>,
/// <c>validity.expired</c>, <c>status.revoked</c>, <c>input.malformed:cose.alg</c>.
/// </summary>
public sealed class LicenceVerificationResult
{
    internal LicenceVerificationResult(LicenceVerdict verdict, IReadOnlyList<string> reasons, SignedLicence? licence, string? licenceId = null)
    {
        Verdict = verdict;
        Reasons = reasons;
        Licence = licence;
        LicenceId = licenceId ?? licence?.Id;
    }

    /// <summary>
    /// The result for input that could not even be unwrapped into licence bytes (for example a QR text whose
    /// Base45 or zlib layer is bad): <see cref="LicenceVerdict.Invalid"/> with <c>input.malformed:&lt;field&gt;</c>.
    /// </summary>
    /// <param name="error">The decoding error; its <see cref="TrustFormatException.Field"/> becomes the reason detail.</param>
    public static LicenceVerificationResult Malformed(TrustFormatException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new LicenceVerificationResult(LicenceVerdict.Invalid, ["input.malformed:" + error.Field], null);
    }

    /// <summary>The verdict.</summary>
    public LicenceVerdict Verdict { get; }

    /// <summary>The verdict as text (<c>valid</c>, <c>not_yet_valid</c>, …).</summary>
    public string VerdictText => LicenceVerdicts.ToText(Verdict);

    /// <summary>Why the verdict is not valid (empty when valid). Codes are stable; details after a colon.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The decoded licence when its structure could be read (even if not valid), else null.</summary>
    public SignedLicence? Licence { get; }

    /// <summary>The licence identifier when it could be read.</summary>
    public string? LicenceId { get; }

    /// <summary>
    /// The verdict in the common result model (indication, sub-indication, reasons) from the <see cref="Results.ReasonCatalog"/>.
    /// Passed only when the verdict is valid.
    /// </summary>
    public Results.VerificationOutcome Outcome => Results.VerificationOutcome.FromReasons(Reasons, VerdictReason(Verdict));

    /// <summary>True only for <see cref="LicenceVerdict.Valid"/>.</summary>
    public bool IsValid => Verdict == LicenceVerdict.Valid;

    /// <summary>The catalogued reason that stands for a verdict when no reason explains it (see <see cref="Results.VerificationOutcome.FromReasons(IReadOnlyList{string}, string?)"/>).</summary>
    internal static string? VerdictReason(LicenceVerdict verdict) => verdict switch
    {
        LicenceVerdict.Valid => null,
        LicenceVerdict.Revoked => "status.revoked",
        LicenceVerdict.Suspended => "status.suspended",
        LicenceVerdict.Expired => "validity.expired",
        LicenceVerdict.NotYetValid => "validity.not_yet_valid",
        LicenceVerdict.Untrusted => "check.indeterminate",
        _ => "check.failed",
    };

    /// <inheritdoc />
    public override string ToString() => Reasons.Count == 0 ? VerdictText : $"{VerdictText} ({string.Join(", ", Reasons)})";
}
