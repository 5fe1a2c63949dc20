using Trust.Core.Crypto;

namespace Trust.Core.Evidence.Internal;

/// <summary>The digest algorithms of evidence records (SHA-256 and SM3): one table for the builder and the verifier.</summary>
internal static class EvidenceDigests
{
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    public static string OidOf(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => Sha256Oid,
        DigestAlgorithm.Sm3 => SignatureAlgorithms.Sm3Oid,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm."),
    };

    public static DigestAlgorithm? FromOid(string? oid) => oid switch
    {
        Sha256Oid => DigestAlgorithm.Sha256,
        SignatureAlgorithms.Sm3Oid => DigestAlgorithm.Sm3,
        _ => null,
    };

    public static string Name(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sm3 ? "sm3" : "sha256";

    public static byte[] Hash(DigestAlgorithm algorithm, ReadOnlySpan<byte> data) => Digest.Hash(algorithm, data);

    /// <summary>H(a || b), the hash-tree renewal leaf of RFC 4998 section 5.2 step 4.</summary>
    public static byte[] HashConcat(DigestAlgorithm algorithm, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var buffer = new byte[a.Length + b.Length];
        a.CopyTo(buffer);
        b.CopyTo(buffer.AsSpan(a.Length));
        return Hash(algorithm, buffer);
    }
}
