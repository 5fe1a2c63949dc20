namespace Trust.Core.Crypto.Internal;

/// <summary>
/// The facts about one signature scheme, registered by the algorithm's own file: the one table of names, OIDs, COSE
/// labels and per-format uses (<see cref="AlgorithmRegistry"/>). COSE (<c>Cose/CoseAlgorithms</c>), X.509
/// (<c>Pki/Internal/X509SignatureAlgorithms</c>), CMS (<see cref="CmsAlgorithmIdentifiers"/>, used by PDF signatures and
/// time-stamp tokens) and GB/T 38540 seals (<c>Seals/SealAlgorithms</c>) look their facts up here.
/// </summary>
/// <param name="Algorithm">The public enum value.</param>
/// <param name="Name">Display name used in reports and JSON.</param>
/// <param name="KeyAlgorithm">The key kind that produces this signature.</param>
/// <param name="Digest">The message digest.</param>
/// <param name="Oid">Signature AlgorithmIdentifier OID for X.509, CMS and GB/T 38540.</param>
/// <param name="CoseAlgorithm">COSE algorithm id registered with IANA (RFC 9053), null where none is registered.</param>
internal sealed record SignatureAlgorithmInfo(
    SignatureAlgorithm Algorithm,
    string Name,
    KeyAlgorithm KeyAlgorithm,
    DigestAlgorithm Digest,
    string Oid,
    int? CoseAlgorithm)
{
    /// <summary>The COSE <c>alg</c> label Trust writes and accepts: <see cref="CoseAlgorithm"/>, or a documented private-use label.</summary>
    public required long CoseLabel { get; init; }

    /// <summary>
    /// Whether COSE_Sign1 (RFC 9053 section 2.1) and the GB/T 38540 signature values carry the signature as raw
    /// <c>r || s</c> rather than as the key's native DER encoding (elliptic-curve schemes).
    /// </summary>
    public bool RawEcSignature { get; init; }

    /// <summary>
    /// How the X.509 AlgorithmIdentifier of certificate and CRL signatures is written: <see cref="X509Parameters.Null"/>
    /// (RFC 4055 section 5 for PKCS#1), <see cref="X509Parameters.Absent"/> (RFC 5758 section 3.2, GM/T 0015), or null
    /// when the scheme is not used for certificates here.
    /// </summary>
    public X509Parameters? X509 { get; init; }

    /// <summary>The CMS SignerInfo form (RFC 5652 section 5.3): OID and parameters written, aliases accepted when reading.</summary>
    public required CmsSignatureForm Cms { get; init; }

    /// <summary>Whether GB/T 38540 seals (SES_Seal, SES_Signature) may use this scheme.</summary>
    public bool UsedForSeals { get; init; }
}

/// <summary>The parameters field of an X.509 signature AlgorithmIdentifier.</summary>
internal enum X509Parameters
{
    /// <summary>The parameters field is absent.</summary>
    Absent,

    /// <summary>Written absent; ASN.1 NULL is also accepted on input (SM2 issuers differ on GM/T 0015).</summary>
    AbsentOrNull,

    /// <summary>The parameters field is ASN.1 NULL (an absent field is accepted on input).</summary>
    Null,
}
