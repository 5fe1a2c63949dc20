using Org.BouncyCastle.Asn1;

namespace Trust.Core.Crypto.Internal;

/// <summary>
/// How one signature scheme appears in a CMS <c>SignerInfo.signatureAlgorithm</c> (RFC 5652 section 5.3): the OID and
/// parameters Trust writes, and the aliases other signers write that are accepted when reading. Part of the scheme's
/// <see cref="SignatureAlgorithmInfo"/>, registered in the algorithm's own file; <see cref="CmsAlgorithmIdentifiers"/>
/// only looks it up (PDF signatures in <c>Trust.Pdf</c>, RFC 3161 time-stamp tokens in <c>Trust.Core</c>).
/// </summary>
/// <param name="Oid">The signature algorithm OID written.</param>
internal sealed record CmsSignatureForm(string Oid)
{
    /// <summary>Further OIDs accepted for this scheme when reading (for example <c>sm2sign</c> or <c>sha256WithRSAEncryption</c>).</summary>
    public IReadOnlyList<string> AcceptedAliases { get; init; } = [];

    /// <summary>Builds the parameters written beside <see cref="Oid"/>; null writes the field absent.</summary>
    public Func<Asn1Encodable?> WriteParameters { get; init; } = static () => null;

    /// <summary>Whether the parameters of a SignerInfo are ones this scheme verifies (the default accepts any).</summary>
    public Func<Asn1Encodable?, bool> AcceptsParameters { get; init; } = static _ => true;

    /// <summary>
    /// Whether RFC 3161 time-stamp tokens may use this scheme (RFC 3161 section 2.4.2 leaves it to the profile; Trust's
    /// authority signs with PKCS#1 v1.5, SM2 or ECDSA and accepts the same).
    /// </summary>
    public bool UsedForTimestamps { get; init; } = true;
}
