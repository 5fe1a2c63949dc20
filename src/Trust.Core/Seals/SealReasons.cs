namespace Trust.Core.Seals;

/// <summary>
/// Machine-readable reason codes of <see cref="SealVerificationResult"/>, one per check of
/// GB/T 38540-2020 section 8 (verification of an electronic signature), in the order they are made.
/// Chain reasons are <c>signer.chain_</c> or <c>maker.chain_</c> followed by the lower-case
/// <see cref="Pki.ChainStatus"/> (<c>untrusted</c>, <c>expired</c>, <c>not_yet_valid</c>, <c>revoked</c>, <c>invalid</c>).
/// </summary>
public static class SealReasons
{
    /// <summary>The signature bytes are not a well-formed <c>SES_Signature</c>.</summary>
    public const string Malformed = "format.malformed";

    /// <summary>The seal maker's signature on the seal does not verify, or the maker certificate is unusable.</summary>
    public const string MakerSignatureInvalid = "seal.maker_signature_invalid";

    /// <summary>Prefix of the seal maker certificate's chain reasons (usage <see cref="Pki.CertificateUsage.SealMaker"/>).</summary>
    public const string MakerChainPrefix = "maker.chain_";

    /// <summary>The seal carries a critical extension this verifier does not know.</summary>
    public const string UnknownCriticalExtension = "seal.unknown_critical_extension";

    /// <summary>The signing time lies outside the seal's validity window.</summary>
    public const string NotValidAtSigningTime = "seal.not_valid_at_signing_time";

    /// <summary>The signer's certificate (or its digest) is not in the seal's certificate list.</summary>
    public const string SignerNotListed = "seal.signer_not_listed";

    /// <summary>Prefix of the signer certificate's chain reasons (usage <see cref="Pki.CertificateUsage.Seal"/>).</summary>
    public const string SignerChainPrefix = "signer.chain_";

    /// <summary>The signer's signature over <c>TBS_Sign</c> does not verify, or its algorithm is not supported.</summary>
    public const string SignatureInvalid = "signer.signature_invalid";

    /// <summary>
    /// The signer's SM2 signature value in <c>SES_Signature.signature</c> is not DER <c>SEQUENCE { r, s }</c>
    /// (GB/T 38540 fixes DER there; raw r‖s is refused).
    /// </summary>
    public const string SignatureEncoding = "signer.signature_encoding";

    /// <summary>The seal maker's SM2 signature value in <c>SES_Seal.signedValue</c> is not DER (GB/T 38540 fixes DER there too).</summary>
    public const string MakerSignatureEncoding = "seal.maker_signature_encoding";

    /// <summary>
    /// The optional <c>timeStamp</c> of the signature is present but is not an RFC 3161 TimeStampToken (CMS SignedData
    /// with <c>id-ct-TSTInfo</c>, one signer, SM3 or SHA-2 imprint).
    /// </summary>
    public const string TimeStampMalformed = "seal.timestamp_malformed";

    /// <summary>The time-stamp token's message imprint is not the digest of the signature value.</summary>
    public const string TimeStampMismatch = "seal.timestamp_mismatch";

    /// <summary>
    /// Asked to validate at a chosen time, the signer's certificate had expired by then and no valid <c>timeStamp</c>
    /// proves the signature existed before (ETSI EN 319 102-1 section 5.6.2.1): indeterminate.
    /// </summary>
    public const string ExpiredNoProofOfExistence = "certificate.expired_no_poe";

    /// <summary>Asked to validate at a chosen time, the signer's certificate was revoked by then and no valid <c>timeStamp</c> proves the signature existed before: indeterminate.</summary>
    public const string RevokedNoProofOfExistence = "certificate.revoked_no_poe";

    /// <summary>The data's digest is not the <c>dataHash</c> in the signature.</summary>
    public const string DataHashMismatch = "data.hash_mismatch";

    /// <summary>The seal has been revoked.</summary>
    public const string Revoked = "seal.revoked";

    /// <summary>A check could not be made (the certificate validator or revocation source failed).</summary>
    public const string Indeterminate = "check.indeterminate";

    /// <summary>The reason code for a chain status, for example <c>signer.chain_expired</c>.</summary>
    internal static string Chain(string prefix, Pki.ChainStatus status) => prefix + status switch
    {
        Pki.ChainStatus.Untrusted => "untrusted",
        Pki.ChainStatus.Expired => "expired",
        Pki.ChainStatus.NotYetValid => "not_yet_valid",
        Pki.ChainStatus.Revoked => "revoked",
        _ => "invalid",
    };
}
