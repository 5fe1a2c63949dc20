namespace Trust.Core.Seals.Providers;

/// <summary>Reason codes of <see cref="SealingRefusedException"/> (phase two of two-phase sealing, and checks of a provider's signature).</summary>
public static class SealingReasons
{
    /// <summary>The session bytes are not a session (truncated, wrong version, oversized).</summary>
    public const string SessionMalformed = "sealing.session_malformed";

    /// <summary>The session's MAC does not verify: it was changed, or made with another session key.</summary>
    public const string SessionTampered = "sealing.session_tampered";

    /// <summary>The session has expired.</summary>
    public const string SessionExpired = "sealing.session_expired";

    /// <summary>The signature value is neither DER nor raw r‖s (SM2/ECDSA), or is empty or oversized.</summary>
    public const string SignatureEncoding = "sealing.signature_encoding";

    /// <summary>The returned signature does not verify over the prepared data with the seal certificate's key.</summary>
    public const string SignatureInvalid = "sealing.signature_invalid";

    /// <summary>The returned CMS or SES_Signature names a certificate other than the prepared one (another key).</summary>
    public const string WrongKey = "sealing.wrong_key";

    /// <summary>The SM2 signature verifies only with another signer ID than the certificate's (GB/T 32918.2 Z value).</summary>
    public const string WrongSm2SignerId = "sealing.wrong_sm2_signer_id";

    /// <summary>The returned CMS or SES_Signature signs other content (another digest, time or seal) than was prepared.</summary>
    public const string WrongDigest = "sealing.wrong_digest";

    /// <summary>The prepared document was changed between the two phases.</summary>
    public const string DocumentChanged = "sealing.document_changed";

    /// <summary>The caller may not use this seal (another department's seal, or an authorisation issued to someone else).</summary>
    public const string NotAuthorised = "sealing.not_authorised";

    /// <summary>The platform knows no such signing authorisation.</summary>
    public const string AuthorizationUnknown = "sealing.authorization_unknown";

    /// <summary>The signing authorisation has expired.</summary>
    public const string AuthorizationExpired = "sealing.authorization_expired";

    /// <summary>The signing authorisation was already used (single use; a replay).</summary>
    public const string AuthorizationUsed = "sealing.authorization_used";

    /// <summary>A digest to sign is not one the authorisation was issued for.</summary>
    public const string DigestNotAuthorised = "sealing.digest_not_authorised";
}
