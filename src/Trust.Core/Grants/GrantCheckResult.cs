using Trust.Core.Licences;

namespace Trust.Core.Grants;

/// <summary>Whether a grant check lets the clerk see the holder's licences.</summary>
public enum GrantVerdict
{
    /// <summary>The grant is honoured (<c>allowed</c>).</summary>
    Allowed = 0,

    /// <summary>The grant is not honoured; no licence data is returned (<c>denied</c>).</summary>
    Denied = 1,
}

/// <summary>Stable reason codes of a denied grant check.</summary>
public static class GrantReasons
{
    /// <summary>The grant bytes are not a grant (or the QR text cannot be read).</summary>
    public const string Malformed = "grant.malformed";

    /// <summary>The signature does not verify with the leaf key of the grant's certificate chain.</summary>
    public const string SignatureInvalid = "grant.signature_invalid";

    /// <summary>The grant carries no certificate chain (x5chain), as for licences (<c>chain.missing</c>).</summary>
    public const string ChainMissing = "chain.missing";

    /// <summary>The grant-signing certificate does not chain to a trust anchor now.</summary>
    public const string Untrusted = "grant.untrusted";

    /// <summary>The grant has expired.</summary>
    public const string Expired = "grant.expired";

    /// <summary>The grant's validity has not begun.</summary>
    public const string NotYetValid = "grant.not_yet_valid";

    /// <summary>The clerk or department is not the grantee.</summary>
    public const string WrongGrantee = "grant.wrong_grantee";

    /// <summary>The grant is for another service item (or the item is unknown or serves another kind of holder).</summary>
    public const string WrongServiceItem = "grant.wrong_service_item";

    /// <summary>The grant has been revoked.</summary>
    public const string Revoked = "grant.revoked";

    /// <summary>The single-use grant has already been used.</summary>
    public const string AlreadyUsed = "grant.already_used";

    /// <summary>The grant claims a validity longer than <see cref="GrantChecker.MaxLifetime"/>.</summary>
    public const string LifetimeTooLong = "grant.lifetime_too_long";

    /// <summary>The grant's issue time lies in the future (beyond <see cref="GrantChecker.MaxClockSkew"/>).</summary>
    public const string IssuedInFuture = "grant.issued_in_future";

    /// <summary>The grant's validity starts before its issue time (beyond <see cref="GrantChecker.MaxClockSkew"/>).</summary>
    public const string ValidBeforeIssue = "grant.valid_before_issue";
}

/// <summary>
/// What a check found for one licence type of the service item: whether the holder has a licence of
/// it (that the grant covers), the verdict of the best one (a valid one is preferred, then the most
/// recently issued), and the form values it fills (only from a <see cref="LicenceVerdict.Valid"/> licence).
/// </summary>
public sealed class GrantLicenceResult
{
    internal GrantLicenceResult(string licenceType, bool required, LicenceVerificationResult? best, IReadOnlyDictionary<string, string> form)
    {
        LicenceType = licenceType;
        Required = required;
        Found = best is not null;
        Verdict = best?.Verdict;
        Reasons = best?.Reasons ?? [];
        LicenceId = best?.LicenceId;
        IssuerDepartment = best?.Licence?.Payload.IssuerDepartment;
        ValidFrom = best?.Licence?.Payload.ValidFrom;
        ValidUntil = best?.Licence?.Payload.ValidUntil;
        Form = form;
        Outcome = best?.Outcome;
    }

    /// <summary>The licence type code.</summary>
    public string LicenceType { get; }

    /// <summary>Whether the service item requires this type (false: accepted when present).</summary>
    public bool Required { get; }

    /// <summary>Whether the holder has a licence of this type that the grant covers.</summary>
    public bool Found { get; }

    /// <summary>The verdict of the best licence; null when none was found.</summary>
    public LicenceVerdict? Verdict { get; }

    /// <summary>The verdict as text (<c>valid</c>, <c>revoked</c>, …), or <c>missing</c> when none was found.</summary>
    public string VerdictText => Verdict is { } v ? LicenceVerdicts.ToText(v) : Results.VerdictWords.Missing;

    /// <summary>The verification reasons of the best licence.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The best licence's id; null when none was found.</summary>
    public string? LicenceId { get; }

    /// <summary>The issuing department of the best licence (from its signed payload); null when none was found.</summary>
    public string? IssuerDepartment { get; }

    /// <summary>Start of the best licence's validity; null when none was found.</summary>
    public DateTimeOffset? ValidFrom { get; }

    /// <summary>End of the best licence's validity; null when none was found or it does not expire.</summary>
    public DateTimeOffset? ValidUntil { get; }

    /// <summary>Form field code to value, filled from the best licence when it is valid; empty otherwise.</summary>
    public IReadOnlyDictionary<string, string> Form { get; }

    /// <summary>The best licence's outcome in the common result model (indication, sub-indication); null when none was found.</summary>
    public Results.VerificationOutcome? Outcome { get; }
}

/// <summary>The answer to a grant check.</summary>
public sealed class GrantCheckResult
{
    internal GrantCheckResult(string? grantId, string serviceItemCode, IReadOnlyList<string> reasons, IReadOnlyList<GrantLicenceResult> licences)
    {
        GrantId = grantId;
        ServiceItemCode = serviceItemCode;
        Reasons = reasons;
        Verdict = reasons.Count == 0 ? GrantVerdict.Allowed : GrantVerdict.Denied;
        Licences = Verdict == GrantVerdict.Allowed ? licences : [];
    }

    /// <summary>Allowed or denied.</summary>
    public GrantVerdict Verdict { get; }

    /// <summary><c>allowed</c> or <c>denied</c>.</summary>
    public string VerdictText => Results.VerdictWords.Grant(Verdict);

    /// <summary>The verdict in the common result model (indication, sub-indication, reasons); passed only when allowed.</summary>
    public Results.VerificationOutcome Outcome => Results.VerificationOutcome.FromReasons(Reasons, Verdict == GrantVerdict.Allowed ? null : Results.LimitReasons.RefusalFloor(Reasons));

    /// <summary>True when allowed.</summary>
    public bool IsAllowed => Verdict == GrantVerdict.Allowed;

    /// <summary>Why the check was denied (codes from <see cref="GrantReasons"/>); empty when allowed.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The grant id when the grant could be read.</summary>
    public string? GrantId { get; }

    /// <summary>The service item the clerk is working on.</summary>
    public string ServiceItemCode { get; }

    /// <summary>When allowed: one entry per licence type of the item (required first, then accepted); empty when denied.</summary>
    public IReadOnlyList<GrantLicenceResult> Licences { get; }

    /// <inheritdoc />
    public override string ToString() => Reasons.Count == 0 ? VerdictText : $"{VerdictText} ({string.Join(", ", Reasons)})";
}
