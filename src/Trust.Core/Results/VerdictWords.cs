using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Status;

namespace Trust.Core.Results;

/// <summary>
/// The verdict words of every artefact kind, written down in one place (brief section 11: the CLI's <c>--json</c>
/// and the server's responses use exactly these words). Each word is a fixed mapping from a verifier's verdict;
/// the verdict's <see cref="VerificationOutcome"/> gives the ETSI indication next to it. The PDF verdicts
/// (<c>Trust.Pdf.PdfDocumentVerdict</c>, a type this library cannot see) are mapped by <c>Trust.Pdf.PdfVerdicts</c>
/// onto the constants here.
/// </summary>
public static class VerdictWords
{
    /// <summary><c>valid</c>: every check passed.</summary>
    public const string Valid = "valid";

    /// <summary><c>invalid</c>: a check failed.</summary>
    public const string Invalid = "invalid";

    /// <summary><c>revoked</c>.</summary>
    public const string Revoked = "revoked";

    /// <summary><c>suspended</c>.</summary>
    public const string Suspended = "suspended";

    /// <summary><c>expired</c>.</summary>
    public const string Expired = "expired";

    /// <summary><c>not_yet_valid</c>.</summary>
    public const string NotYetValid = "not_yet_valid";

    /// <summary><c>untrusted</c>.</summary>
    public const string Untrusted = "untrusted";

    /// <summary><c>indeterminate</c>: a check could not be made.</summary>
    public const string Indeterminate = "indeterminate";

    /// <summary><c>modified</c>: a sealed PDF was changed afterwards in a way that is not permitted.</summary>
    public const string Modified = "modified";

    /// <summary><c>unsigned</c>: the PDF has no signature.</summary>
    public const string Unsigned = "unsigned";

    /// <summary><c>allowed</c>: the grant is honoured.</summary>
    public const string Allowed = "allowed";

    /// <summary><c>denied</c>: the grant is not honoured.</summary>
    public const string Denied = "denied";

    /// <summary><c>missing</c>: a grant check found no licence of a type.</summary>
    public const string Missing = "missing";

    /// <summary>PDF certificate status <c>trusted</c>.</summary>
    public const string CertificateTrusted = "trusted";

    /// <summary>PDF certificate status <c>not-yet-valid</c> (the spelling the reports have always used).</summary>
    public const string CertificateNotYetValid = "not-yet-valid";

    /// <summary>PDF certificate status <c>not-checked</c>: no validator, no signer certificate, or validation skipped.</summary>
    public const string CertificateNotChecked = "not-checked";

    /// <summary>Licence verdicts: <c>valid|invalid|revoked|suspended|expired|not_yet_valid|untrusted</c>.</summary>
    public static string Licence(LicenceVerdict verdict) => verdict switch
    {
        LicenceVerdict.Valid => Valid,
        LicenceVerdict.Invalid => Invalid,
        LicenceVerdict.Revoked => Revoked,
        LicenceVerdict.Suspended => Suspended,
        LicenceVerdict.Expired => Expired,
        LicenceVerdict.NotYetValid => NotYetValid,
        LicenceVerdict.Untrusted => Untrusted,
        _ => Invalid,
    };

    /// <summary>Licence status words (status lists, <c>license revoke</c>): <c>valid|suspended|revoked</c>.</summary>
    public static string Status(LicenceStatus status) => status switch
    {
        LicenceStatus.Valid => Valid,
        LicenceStatus.Suspended => Suspended,
        LicenceStatus.Revoked => Revoked,
        _ => Invalid,
    };

    /// <summary>Grant verdicts: <c>allowed|denied</c>.</summary>
    public static string Grant(GrantVerdict verdict) => verdict == GrantVerdict.Allowed ? Allowed : Denied;

    /// <summary>SES_Signature verdicts: <c>valid|invalid|indeterminate</c>.</summary>
    public static string Seal(SealVerdict verdict) => verdict switch
    {
        SealVerdict.Valid => Valid,
        SealVerdict.Indeterminate => Indeterminate,
        _ => Invalid,
    };

    /// <summary>
    /// The certificate status of a PDF seal at signing time: <c>trusted|untrusted|expired|not-yet-valid|revoked|invalid</c>
    /// (and <see cref="CertificateNotChecked"/> when no check was made).
    /// </summary>
    public static string Certificate(ChainStatus status) => status switch
    {
        ChainStatus.Trusted => CertificateTrusted,
        ChainStatus.Untrusted => Untrusted,
        ChainStatus.Expired => Expired,
        ChainStatus.NotYetValid => CertificateNotYetValid,
        ChainStatus.Revoked => Revoked,
        _ => Invalid,
    };

    /// <summary>Integrity of signed bytes: <c>valid</c> when intact, else <c>invalid</c>.</summary>
    public static string Integrity(bool intact) => intact ? Valid : Invalid;
}
