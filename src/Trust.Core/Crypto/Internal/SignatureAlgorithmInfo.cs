namespace Trust.Core.Crypto.Internal;

/// <summary>The facts about one signature scheme, registered by the algorithm's own file.</summary>
/// <param name="Algorithm">The public enum value.</param>
/// <param name="Name">Display name used in reports and JSON.</param>
/// <param name="KeyAlgorithm">The key kind that produces this signature.</param>
/// <param name="Digest">The message digest.</param>
/// <param name="Oid">Signature AlgorithmIdentifier OID for X.509 and CMS.</param>
/// <param name="CoseAlgorithm">COSE algorithm id (RFC 9053), null where none is registered.</param>
internal sealed record SignatureAlgorithmInfo(
    SignatureAlgorithm Algorithm,
    string Name,
    KeyAlgorithm KeyAlgorithm,
    DigestAlgorithm Digest,
    string Oid,
    int? CoseAlgorithm);
