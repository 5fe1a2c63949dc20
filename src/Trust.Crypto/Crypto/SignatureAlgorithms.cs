using Trust.Core.Crypto.Internal;

namespace Trust.Core.Crypto;

/// <summary>
/// Facts about each <see cref="SignatureAlgorithm"/>: names, OIDs, key kind, digest. The facts
/// live in one file per algorithm (see <c>Crypto/Sm2/Sm2Algorithm.cs</c> and its siblings).
/// </summary>
public static class SignatureAlgorithms
{
    /// <summary>OID of sm2p256v1 (GM/T 0006).</summary>
    public const string Sm2CurveOid = "1.2.156.10197.1.301";

    /// <summary>OID of SM3 (GM/T 0006).</summary>
    public const string Sm3Oid = "1.2.156.10197.1.401";

    /// <summary>OID of SM2-with-SM3 (GM/T 0006).</summary>
    public const string Sm2WithSm3Oid = "1.2.156.10197.1.501";

    /// <summary>The key kind an algorithm needs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined algorithm.</exception>
    public static KeyAlgorithm KeyAlgorithmOf(SignatureAlgorithm algorithm) => AlgorithmRegistry.Get(algorithm).KeyAlgorithm;

    /// <summary>The digest an algorithm uses.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined algorithm.</exception>
    public static DigestAlgorithm DigestOf(SignatureAlgorithm algorithm) => AlgorithmRegistry.Get(algorithm).Digest;

    /// <summary>Display name used in reports and JSON output, for example <c>SM2-SM3</c> or <c>RSA-SHA256</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined algorithm.</exception>
    public static string DisplayName(SignatureAlgorithm algorithm) => AlgorithmRegistry.Get(algorithm).Name;

    /// <summary>
    /// The signature algorithm OID used in X.509 and CMS AlgorithmIdentifiers:
    /// 1.2.156.10197.1.501 (SM2-with-SM3), 1.2.840.113549.1.1.11 (sha256WithRSAEncryption),
    /// 1.2.840.113549.1.1.10 (RSASSA-PSS, which also needs parameters, RFC 4055 section 3.1),
    /// 1.2.840.10045.4.3.2 (ecdsa-with-SHA256).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined algorithm.</exception>
    public static string OidOf(SignatureAlgorithm algorithm) => AlgorithmRegistry.Get(algorithm).Oid;

    /// <summary>Finds the algorithm of a signature algorithm OID (see <see cref="OidOf"/>).</summary>
    public static bool TryFromOid(string oid, out SignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(oid);
        return AlgorithmRegistry.TryGetByOid(oid, out algorithm);
    }

    /// <summary>Finds an algorithm by its display name (case-insensitive), for example <c>RSA-PSS-SHA256</c>.</summary>
    public static bool TryParse(string name, out SignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AlgorithmRegistry.TryGetByName(name, out algorithm);
    }

    /// <summary>All algorithms Trust supports, in a stable order.</summary>
    public static IReadOnlyList<SignatureAlgorithm> All => AlgorithmRegistry.AllSignatureAlgorithms;

    /// <summary>The COSE algorithm identifier (RFC 9053 / IANA registry), or null where none is registered (SM2).</summary>
    internal static long CoseLabelOf(SignatureAlgorithm algorithm) => AlgorithmRegistry.Get(algorithm).CoseLabel;
}
