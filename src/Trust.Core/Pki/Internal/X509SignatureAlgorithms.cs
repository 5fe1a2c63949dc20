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
    internal static AlgorithmIdentifier For(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Sm2Sm3 => new AlgorithmIdentifier(new DerObjectIdentifier(SignatureAlgorithms.Sm2WithSm3Oid)),
        SignatureAlgorithm.RsaPkcs1Sha256 => new AlgorithmIdentifier(new DerObjectIdentifier(Sha256WithRsaOid), DerNull.Instance),
        SignatureAlgorithm.EcdsaP256Sha256 => new AlgorithmIdentifier(new DerObjectIdentifier(EcdsaWithSha256Oid)),
        _ => throw new TrustKeyException($"{SignatureAlgorithms.DisplayName(algorithm)} is not used for certificate signatures here."),
    };

    /// <summary>The algorithm of an AlgorithmIdentifier, or null when it is not one we verify.</summary>
    internal static SignatureAlgorithm? From(AlgorithmIdentifier identifier)
    {
        var oid = identifier.Algorithm.Id;
        var parameters = identifier.Parameters;
        var noParameters = parameters is null || parameters is DerNull;
        return oid switch
        {
            SignatureAlgorithms.Sm2WithSm3Oid when noParameters => SignatureAlgorithm.Sm2Sm3,
            Sha256WithRsaOid when noParameters => SignatureAlgorithm.RsaPkcs1Sha256,
            EcdsaWithSha256Oid when parameters is null => SignatureAlgorithm.EcdsaP256Sha256,
            _ => null,
        };
    }
}
