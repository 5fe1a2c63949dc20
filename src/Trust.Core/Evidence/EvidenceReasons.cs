namespace Trust.Core.Evidence;

/// <summary>
/// Reason codes of evidence records (RFC 4998) and of archive renewal, catalogued in <see cref="Results.ReasonCatalog"/>.
/// The time-stamp tokens inside a record report <c>timestamp.*</c> codes (<see cref="Timestamps.TimestampReasons"/>).
/// </summary>
public static class EvidenceReasons
{
    /// <summary>Not a DER RFC 4998 EvidenceRecord this library reads (the detail names the field and offset).</summary>
    public const string Malformed = "evidence.malformed";

    /// <summary>The record uses a hash algorithm this verifier does not compute (SHA-256 and SM3 are supported).</summary>
    public const string UnsupportedDigest = "evidence.unsupported_digest";

    /// <summary>A chain's hash algorithm was no longer trusted when the next renewal was made, or is not trusted at the validation time.</summary>
    public const string DigestUntrusted = "evidence.digest_untrusted";

    /// <summary>The data object (or, for a renewal, the previous archive time-stamp) is not in the hash tree, or the root is not what the time-stamp covers.</summary>
    public const string HashTreeMismatch = "evidence.hash_tree_mismatch";

    /// <summary>An archive time-stamp's hash algorithm differs from its chain's (RFC 4998 section 5.2: one algorithm per chain).</summary>
    public const string ChainAlgorithmMismatch = "evidence.chain_algorithm_mismatch";

    /// <summary>An archive time-stamp is older than the one it renews.</summary>
    public const string TimestampOrder = "evidence.timestamp_order";

    /// <summary>Renewal: the file has no archive time-stamp yet (no evidence record; a sealed PDF without a document time-stamp).</summary>
    public const string RenewalMissing = "evidence.renewal.missing";

    /// <summary>Renewal: the newest archive time-stamp's TSA certificate expires within the renewal window.</summary>
    public const string RenewalTsaExpiring = "evidence.renewal.tsa_expiring";

    /// <summary>Renewal: the newest archive time-stamp's hash algorithm is not trusted, or stops being trusted within the renewal window.</summary>
    public const string RenewalDigestWeakening = "evidence.renewal.digest_weakening";

    /// <summary>Renewal: the file or its evidence record could not be read or written; it was left unchanged.</summary>
    public const string RenewalIoError = "evidence.renewal.io_error";
}
