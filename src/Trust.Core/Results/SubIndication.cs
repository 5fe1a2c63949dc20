namespace Trust.Core.Results;

/// <summary>
/// Why an indication is not <see cref="Indication.Passed"/>: the sub-indications of ETSI EN 319 102-1
/// section 5.1.3 that apply to Trust, plus a few of our own (marked "Trust") where ETSI has none.
/// <see cref="SubIndicationText.ToText(SubIndication)"/> gives the spelling used in reports (<c>FORMAT_FAILURE</c>).
/// </summary>
/// <remarks>
/// ETSI pairs some sub-indications with INDETERMINATE only (for example <see cref="SigConstraintsFailure"/>);
/// Trust pairs each reason with the indication its verifier's verdict has, so a signer that is not entitled
/// gives TOTAL-FAILED with <see cref="SigConstraintsFailure"/>. The catalogue (<see cref="ReasonCatalog"/>)
/// fixes every pairing.
/// </remarks>
public enum SubIndication
{
    /// <summary>No sub-indication: the indication is <see cref="Indication.Passed"/>.</summary>
    None = 0,

    /// <summary>FORMAT_FAILURE: the artefact is not in the expected format.</summary>
    FormatFailure,

    /// <summary>HASH_FAILURE: the signed data's digest does not match.</summary>
    HashFailure,

    /// <summary>SIG_CRYPTO_FAILURE: the signature value does not verify with the signer's key.</summary>
    SigCryptoFailure,

    /// <summary>REVOKED: the artefact or its signing certificate has been revoked.</summary>
    Revoked,

    /// <summary>SIG_CONSTRAINTS_FAILURE: the signature or signer does not meet the validation constraints (roles, departments, time rules).</summary>
    SigConstraintsFailure,

    /// <summary>CHAIN_CONSTRAINTS_FAILURE: the certificate chain does not meet the constraints (key usage, CA flags, path length).</summary>
    ChainConstraintsFailure,

    /// <summary>CERTIFICATE_CHAIN_GENERAL_FAILURE: the chain is malformed or a certificate's signature does not verify.</summary>
    CertificateChainGeneralFailure,

    /// <summary>CRYPTO_CONSTRAINTS_FAILURE: an algorithm or key is not supported or not allowed.</summary>
    CryptoConstraintsFailure,

    /// <summary>EXPIRED: the artefact or certificate had expired at the time that matters.</summary>
    Expired,

    /// <summary>NOT_YET_VALID: the artefact or certificate was not yet valid at the time that matters.</summary>
    NotYetValid,

    /// <summary>NO_SIGNING_CERTIFICATE_FOUND: the signing certificate is missing or cannot be read.</summary>
    NoSigningCertificateFound,

    /// <summary>NO_CERTIFICATE_CHAIN_FOUND: no chain to a trust anchor could be built.</summary>
    NoCertificateChainFound,

    /// <summary>REVOKED_NO_POE: the signing certificate is revoked and there is no proof the signature existed before.</summary>
    RevokedNoPoe,

    /// <summary>OUT_OF_BOUNDS_NO_POE: the certificate is outside its validity and there is no proof of existence in time.</summary>
    OutOfBoundsNoPoe,

    /// <summary>TRY_LATER: a status (revocation, status list) could not be obtained now.</summary>
    TryLater,

    /// <summary>SIGNED_DATA_NOT_FOUND: the signed data cannot be obtained (for example an unreadable file).</summary>
    SignedDataNotFound,

    /// <summary>NO_POE: there is no proof that the object existed at the time that matters.</summary>
    NoPoe,

    /// <summary>GENERIC: any other reason (a skipped or failed check, a limit hit).</summary>
    Generic,

    /// <summary>Trust: the licence is suspended (temporary; it may be resumed). ETSI has no sub-indication for suspension.</summary>
    Suspended,

    /// <summary>Trust: the artefact is authentic but does not authorise this use (wrong grantee, wrong service item, used up).</summary>
    NotAuthorised,

    /// <summary>Trust: a revision after the seal made a change that is not permitted (the seal itself is intact).</summary>
    NotPermittedChange,

    /// <summary>Trust: the document carries no signature at all.</summary>
    NoSignatureFound,
}

/// <summary>Report spelling of <see cref="SubIndication"/>.</summary>
public static class SubIndicationText
{
    /// <summary>The upper-case ETSI spelling (<c>FORMAT_FAILURE</c>), or ours in the same style; empty for <see cref="SubIndication.None"/>.</summary>
    public static string ToText(this SubIndication value) => value switch
    {
        SubIndication.None => "",
        SubIndication.FormatFailure => "FORMAT_FAILURE",
        SubIndication.HashFailure => "HASH_FAILURE",
        SubIndication.SigCryptoFailure => "SIG_CRYPTO_FAILURE",
        SubIndication.Revoked => "REVOKED",
        SubIndication.SigConstraintsFailure => "SIG_CONSTRAINTS_FAILURE",
        SubIndication.ChainConstraintsFailure => "CHAIN_CONSTRAINTS_FAILURE",
        SubIndication.CertificateChainGeneralFailure => "CERTIFICATE_CHAIN_GENERAL_FAILURE",
        SubIndication.CryptoConstraintsFailure => "CRYPTO_CONSTRAINTS_FAILURE",
        SubIndication.Expired => "EXPIRED",
        SubIndication.NotYetValid => "NOT_YET_VALID",
        SubIndication.NoSigningCertificateFound => "NO_SIGNING_CERTIFICATE_FOUND",
        SubIndication.NoCertificateChainFound => "NO_CERTIFICATE_CHAIN_FOUND",
        SubIndication.RevokedNoPoe => "REVOKED_NO_POE",
        SubIndication.OutOfBoundsNoPoe => "OUT_OF_BOUNDS_NO_POE",
        SubIndication.TryLater => "TRY_LATER",
        SubIndication.SignedDataNotFound => "SIGNED_DATA_NOT_FOUND",
        SubIndication.NoPoe => "NO_POE",
        SubIndication.Generic => "GENERIC",
        SubIndication.Suspended => "SUSPENDED",
        SubIndication.NotAuthorised => "NOT_AUTHORISED",
        SubIndication.NotPermittedChange => "NOT_PERMITTED_CHANGE",
        SubIndication.NoSignatureFound => "NO_SIGNATURE_FOUND",
        _ => "GENERIC",
    };

    /// <summary>The upper-case ETSI spelling of an indication: <c>TOTAL-PASSED</c>, <c>TOTAL-FAILED</c>, <c>INDETERMINATE</c>.</summary>
    public static string ToText(this Indication value) => value switch
    {
        Indication.Passed => "TOTAL-PASSED",
        Indication.Failed => "TOTAL-FAILED",
        _ => "INDETERMINATE",
    };
}
