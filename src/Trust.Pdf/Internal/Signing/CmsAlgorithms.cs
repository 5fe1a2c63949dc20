using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.Pkcs;
using Trust.Core.Crypto;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// Algorithm identifiers used in CMS SignerInfo (RFC 5652 section 5.3) for each
/// <see cref="SignatureAlgorithm"/>, and the reverse map for verification. One table, so adding
/// an algorithm is adding entries here.
/// </summary>
internal static class CmsAlgorithms
{
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string Sm2Sign = "1.2.156.10197.1.301.1";
    public const string EcdsaSha256 = "1.2.840.10045.4.3.2";
    public const string EcPublicKey = "1.2.840.10045.2.1";

    /// <summary>Signature algorithm OIDs accepted when verifying, by the scheme they mean.</summary>
    private static readonly Dictionary<string, SignatureAlgorithm> BySignatureOid = new(StringComparer.Ordinal)
    {
        [RsaEncryption] = SignatureAlgorithm.RsaPkcs1Sha256,
        [Sha256WithRsa] = SignatureAlgorithm.RsaPkcs1Sha256,
        [RsaPss] = SignatureAlgorithm.RsaPssSha256,
        [SignatureAlgorithms.Sm2WithSm3Oid] = SignatureAlgorithm.Sm2Sm3,
        [Sm2Sign] = SignatureAlgorithm.Sm2Sm3,
        [EcdsaSha256] = SignatureAlgorithm.EcdsaP256Sha256,
        [EcPublicKey] = SignatureAlgorithm.EcdsaP256Sha256,
    };

    public static AlgorithmIdentifier DigestIdentifier(SignatureAlgorithm algorithm) =>
        SignatureAlgorithms.DigestOf(algorithm) == DigestAlgorithm.Sm3
            ? new AlgorithmIdentifier(new DerObjectIdentifier(SignatureAlgorithms.Sm3Oid))
            : new AlgorithmIdentifier(new DerObjectIdentifier(Sha256), DerNull.Instance);

    public static AlgorithmIdentifier SignatureIdentifier(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.RsaPkcs1Sha256 => new AlgorithmIdentifier(new DerObjectIdentifier(RsaEncryption), DerNull.Instance),
        SignatureAlgorithm.RsaPssSha256 => new AlgorithmIdentifier(new DerObjectIdentifier(RsaPss), PssParameters()),
        SignatureAlgorithm.Sm2Sm3 => new AlgorithmIdentifier(new DerObjectIdentifier(SignatureAlgorithms.Sm2WithSm3Oid)),
        SignatureAlgorithm.EcdsaP256Sha256 => new AlgorithmIdentifier(new DerObjectIdentifier(EcdsaSha256)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>RSASSA-PSS-params with SHA-256, MGF1-SHA-256, salt 32 (RFC 4055 section 3.1).</summary>
    private static RsassaPssParameters PssParameters()
    {
        var sha256 = new AlgorithmIdentifier(new DerObjectIdentifier(Sha256), DerNull.Instance);
        return new RsassaPssParameters(sha256, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, sha256), DerInteger.ValueOf(32), DerInteger.ValueOf(1));
    }

    /// <summary>Maps a SignerInfo's digest and signature algorithms to a scheme we verify, or null.</summary>
    public static SignatureAlgorithm? Recognise(AlgorithmIdentifier digest, AlgorithmIdentifier signature)
    {
        if (!BySignatureOid.TryGetValue(signature.Algorithm.Id, out var algorithm))
        {
            return null;
        }

        var expectedDigest = algorithm == SignatureAlgorithm.Sm2Sm3 ? SignatureAlgorithms.Sm3Oid : Sha256;
        if (digest.Algorithm.Id != expectedDigest)
        {
            return null;
        }

        if (algorithm == SignatureAlgorithm.RsaPssSha256)
        {
            var p = RsassaPssParameters.GetInstance(signature.Parameters);
            if (p.HashAlgorithm.Algorithm.Id != Sha256 || p.SaltLength.IntValueExact != 32)
            {
                return null;
            }
        }

        return algorithm;
    }
}
