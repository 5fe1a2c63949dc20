namespace Trust.Core.Timestamps;

/// <summary>Reason codes of time-stamp token checks (RFC 3161). A TSA chain reason carries the chain's reason as detail.</summary>
public static class TimestampReasons
{
    /// <summary>Not a DER TimeStampToken (CMS SignedData with id-ct-TSTInfo and one signer).</summary>
    public const string Malformed = "timestamp.malformed";

    /// <summary>The token's message imprint is not the digest of the data, or its algorithm is not accepted.</summary>
    public const string ImprintMismatch = "timestamp.imprint_mismatch";

    /// <summary>The token does not echo the request's nonce (RFC 3161 section 2.4.2).</summary>
    public const string NonceMismatch = "timestamp.nonce_mismatch";

    /// <summary>The TSA's signature, or the message-digest attribute, does not verify.</summary>
    public const string SignatureInvalid = "timestamp.signature_invalid";

    /// <summary>The token is signed with an algorithm this verifier does not accept.</summary>
    public const string UnsupportedAlgorithm = "timestamp.unsupported_algorithm";

    /// <summary>The token carries no certificate matching its signer, or its ESS signing-certificate attribute does not match it.</summary>
    public const string SigningCertificateMissing = "timestamp.signing_certificate_missing";

    /// <summary>The TSA certificate is not a time-stamp authority's (extended key usage id-kp-timeStamping, alone and critical) or its chain is invalid.</summary>
    public const string TsaNotEntitled = "timestamp.tsa_not_entitled";

    /// <summary>The TSA certificate does not chain to a trust anchor, or is expired, revoked or not yet valid at the time asked.</summary>
    public const string TsaUntrusted = "timestamp.tsa_untrusted";

    /// <summary>The TSA refused the request or answered with no token (the detail is its status text).</summary>
    public const string Rejected = "timestamp.rejected";

    /// <summary>The TSA could not be reached or answered with something that is not a TimeStampResp.</summary>
    public const string Unavailable = "timestamp.unavailable";
}
