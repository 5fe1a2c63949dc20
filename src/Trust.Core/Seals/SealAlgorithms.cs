using Trust.Core.Crypto;

namespace Trust.Core.Seals;

/// <summary>Maps the signature algorithm OIDs used in seals to <see cref="SignatureAlgorithm"/>.</summary>
internal static class SealAlgorithms
{
    /// <summary>sha256WithRSAEncryption (RFC 4055).</summary>
    internal const string RsaSha256Oid = "1.2.840.113549.1.1.11";

    internal static string OidOf(SignatureAlgorithm algorithm) =>
        Crypto.Internal.AlgorithmRegistry.TryGet(algorithm, out var info) && info.UsedForSeals
            ? info.Oid
            : throw new TrustKeyException($"{SignatureAlgorithms.DisplayName(algorithm)} is not used for electronic seals; use SM2 or RSA keys.");

    internal static SignatureAlgorithm? FromOid(string oid) =>
        Crypto.Internal.AlgorithmRegistry.TryGetByOid(oid, out var algorithm) && Crypto.Internal.AlgorithmRegistry.Get(algorithm).UsedForSeals
            ? algorithm
            : null;

    /// <summary>The algorithm a seal-capable key signs with: SM2-SM3 or RSA PKCS#1 v1.5 SHA-256.</summary>
    internal static SignatureAlgorithm ForKey(KeyAlgorithm key) => key switch
    {
        KeyAlgorithm.Sm2 => SignatureAlgorithm.Sm2Sm3,
        KeyAlgorithm.Rsa => SignatureAlgorithm.RsaPkcs1Sha256,
        _ => throw new TrustKeyException($"A {key} key cannot be used for electronic seals; use SM2 or RSA."),
    };

    /// <summary>The digest name written into a certificate-digest list entry.</summary>
    internal static string DigestName(DigestAlgorithm digest) => digest == DigestAlgorithm.Sm3 ? "SM3" : "SHA256";

    internal static DigestAlgorithm? DigestFromName(string name) => name.ToUpperInvariant() switch
    {
        "SM3" => DigestAlgorithm.Sm3,
        "SHA256" or "SHA-256" => DigestAlgorithm.Sha256,
        _ => null,
    };
}
