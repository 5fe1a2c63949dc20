using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Internal;

namespace Trust.Core.Timestamps.Internal;

/// <summary>
/// The digest and signature algorithms of time-stamp requests and tokens: one table for the authority, the client
/// and the verifier. Imprints may be SHA-256, SHA-384, SHA-512 or SM3; tokens are signed with sha256WithRSA
/// (PKCS#1 v1.5), SM2-with-SM3 or ECDSA P-256 with SHA-256, whose CMS identifiers come from the algorithm registry
/// (<see cref="CmsAlgorithmIdentifiers"/>).
/// </summary>
internal static class TimestampAlgorithms
{
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string Sha1 = "1.3.14.3.2.26";

    /// <summary>Imprint algorithms accepted, with their digest length in bytes.</summary>
    private static readonly Dictionary<string, int> ImprintLengths = new(StringComparer.Ordinal)
    {
        [Sha256] = 32,
        [Sha384] = 48,
        [Sha512] = 64,
        [SignatureAlgorithms.Sm3Oid] = 32,
    };

    /// <summary>The imprint length of an accepted algorithm, or null.</summary>
    public static int? ImprintLength(string oid) => ImprintLengths.TryGetValue(oid, out var length) ? length : null;

    public static string OidOf(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sm3 ? SignatureAlgorithms.Sm3Oid : Sha256;

    public static AlgorithmIdentifier Identifier(string digestOid) =>
        digestOid == SignatureAlgorithms.Sm3Oid
            ? new AlgorithmIdentifier(new DerObjectIdentifier(digestOid))
            : new AlgorithmIdentifier(new DerObjectIdentifier(digestOid), DerNull.Instance);

    /// <summary>Digest of <paramref name="data"/> with an accepted imprint algorithm.</summary>
    public static byte[] Hash(string digestOid, ReadOnlySpan<byte> data) => digestOid switch
    {
        Sha256 => SHA256.HashData(data),
        Sha384 => SHA384.HashData(data),
        Sha512 => SHA512.HashData(data),
        SignatureAlgorithms.Sm3Oid => Digest.Hash(DigestAlgorithm.Sm3, data),
        _ => DigestUtilities.CalculateDigest(digestOid, data.ToArray()),
    };

    /// <summary>The token signature scheme of a TSA key.</summary>
    public static SignatureAlgorithm SignatureOf(SigningKey key) => key.KeyAlgorithm switch
    {
        KeyAlgorithm.Sm2 => SignatureAlgorithm.Sm2Sm3,
        KeyAlgorithm.Rsa => SignatureAlgorithm.RsaPkcs1Sha256,
        _ => SignatureAlgorithm.EcdsaP256Sha256,
    };

    /// <summary>The signatureAlgorithm identifier of a token signed with <paramref name="algorithm"/> (the algorithm registry's CMS form).</summary>
    public static AlgorithmIdentifier SignatureIdentifier(SignatureAlgorithm algorithm) => CmsAlgorithmIdentifiers.Signature(algorithm);

    /// <summary>The scheme of a SignerInfo's digest and signature algorithms, or null when not one we verify in a token.</summary>
    public static SignatureAlgorithm? Recognise(string digestOid, string signatureOid) =>
        CmsAlgorithmIdentifiers.Recognise(digestOid, signatureOid, timestampToken: true);
}
