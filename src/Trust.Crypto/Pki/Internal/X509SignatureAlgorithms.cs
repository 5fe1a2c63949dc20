using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Crypto;

namespace Trust.Core.Pki.Internal;

/// <summary>Maps X.509 signature AlgorithmIdentifiers (RFC 5280 section 4.1.1.2) to <see cref="SignatureAlgorithm"/>.</summary>
internal static class X509SignatureAlgorithms
{
    /// <summary>sha256WithRSAEncryption (RFC 4055).</summary>
    internal const string Sha256WithRsaOid = "1.2.840.113549.1.1.11";

    /// <summary>ecdsa-with-SHA256 (RFC 5758 section 3.2).</summary>
    internal const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    /// <summary>
    /// The AlgorithmIdentifier written for <paramref name="algorithm"/>: SM2-with-SM3 and ECDSA
    /// without parameters (GM/T 0015 section 7, RFC 5758), sha256WithRSAEncryption with NULL
    /// parameters (RFC 4055 section 5).
    /// </summary>
    internal static AlgorithmIdentifier For(SignatureAlgorithm algorithm) =>
        Crypto.Internal.AlgorithmRegistry.TryGet(algorithm, out var info) && info.X509 is { } parameters
            ? parameters == Crypto.Internal.X509Parameters.Null
                ? new AlgorithmIdentifier(new DerObjectIdentifier(info.Oid), DerNull.Instance)
                : new AlgorithmIdentifier(new DerObjectIdentifier(info.Oid))
            : throw new TrustKeyException($"{SignatureAlgorithms.DisplayName(algorithm)} is not used for certificate signatures here.");

    /// <summary>The algorithm of an AlgorithmIdentifier, or null when it is not one we verify.</summary>
    internal static SignatureAlgorithm? From(AlgorithmIdentifier identifier)
    {
        var oid = identifier.Algorithm.Id;
        var parameters = identifier.Parameters;
        var noParameters = parameters is null || parameters is DerNull;
        if (!Crypto.Internal.AlgorithmRegistry.TryGetByOid(oid, out var algorithm) || Crypto.Internal.AlgorithmRegistry.Get(algorithm).X509 is not { } expected)
        {
            return null;
        }

        // ECDSA parameters must be absent (RFC 5758 section 3.2); RSA's NULL may also be absent (RFC 4055 section 5).
        var accepted = expected == Crypto.Internal.X509Parameters.Absent ? parameters is null : noParameters;
        return accepted ? algorithm : null;
    }
}
