using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Seals.Asn1;

namespace Trust.Pdf.Internal.Verification;

/// <summary>
/// Checks the SES_Seal carried in a PDF signature's signed attributes, as far as GB/T 38540-2020
/// section 8 applies to a PDF signature: the seal maker's signature on the seal and the maker's
/// chain, the seal's validity window at signing time, and that the PDF signer's certificate is
/// listed in the seal.
/// </summary>
internal static class EmbeddedSealCheck
{
    private const string RsaSha256Oid = "1.2.840.113549.1.1.11";

    public sealed record Result(string? SealId, string? Name, IReadOnlyList<string> Problems, bool Indeterminate, byte[]? Der = null);

    public static Result? Check(Asn1Encodable? attributeValue, byte[]? signerCertificate, DateTimeOffset at, ICertificateValidator? validator)
    {
        if (attributeValue is null)
        {
            return null;
        }

        byte[] der;
        try
        {
            der = attributeValue.ToAsn1Object().GetEncoded(Asn1Encodable.Der);
        }
        catch (IOException)
        {
            return new Result(null, null, ["seal.malformed"], false);
        }

        if (!SesSeal.TryDecode(der, out var seal))
        {
            return new Result(null, null, ["seal.malformed"], false);
        }

        var problems = new List<string>();
        var indeterminate = false;
        var property = seal.SealInfo.Property;
        if (!MakerSignatureVerifies(seal))
        {
            problems.Add("seal.maker-signature-invalid");
        }

        if (at < property.ValidStart || at > property.ValidEnd)
        {
            problems.Add("seal.not-valid-at-signing-time");
        }

        if (signerCertificate is null || !Lists(property, signerCertificate))
        {
            problems.Add("seal.signer-not-listed");
        }

        if (validator is not null)
        {
            var chain = validator.Validate(seal.MakerCertificate, [], at, CertificateUsage.SealMaker);
            if (chain.Status == ChainStatus.Untrusted)
            {
                indeterminate = true;
            }
            else if (!chain.IsTrusted)
            {
                problems.Add("seal.maker-chain-" + chain.Status.ToString().ToLowerInvariant());
            }
        }

        return new Result(seal.SealInfo.EsId, property.Name, problems, indeterminate, der);
    }

    /// <summary>
    /// The department code of a seal found in <paramref name="registry"/>: only when the registered
    /// SES_Seal is byte for byte the one embedded (a seal that merely reuses a registered esID gets none).
    /// </summary>
    public static string? DepartmentOf(Result? check, Trust.Core.Seals.SealRegistry? registry)
    {
        if (check?.SealId is not { } id || check.Der is not { } der || registry is null || !registry.TryFind(id, out var record))
        {
            return null;
        }

        return record.Seal.Encode().AsSpan().SequenceEqual(der) ? record.Department : null;
    }

    private static bool MakerSignatureVerifies(SesSeal seal)
    {
        SignatureAlgorithm? algorithm = seal.SignatureAlgorithmOid switch
        {
            SignatureAlgorithms.Sm2WithSm3Oid => SignatureAlgorithm.Sm2Sm3,
            RsaSha256Oid => SignatureAlgorithm.RsaPkcs1Sha256,
            _ => null,
        };
        if (algorithm is null)
        {
            return false;
        }

        try
        {
            var key = PublicKeyPem.FromCertificate(seal.MakerCertificate.Span);
            var signature = seal.SignedValue.ToArray();
            if (algorithm == SignatureAlgorithm.Sm2Sm3 && signature.Length == 64)
            {
                signature = EcSignatureEncoding.RawToDer(signature);
            }

            return key.Verify(algorithm.Value, seal.EncodeToBeSigned(), signature);
        }
        catch (Exception ex) when (ex is TrustException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool Lists(SesPropertyInfo property, byte[] certificate)
    {
        if (property.CertListType == SesCertListType.Certificates)
        {
            return property.Certificates.Any(c => c.Span.SequenceEqual(certificate));
        }

        foreach (var entry in property.CertificateDigests)
        {
            DigestAlgorithm? digest = entry.DigestName.ToUpperInvariant() switch
            {
                "SM3" => DigestAlgorithm.Sm3,
                "SHA256" or "SHA-256" => DigestAlgorithm.Sha256,
                _ => null,
            };
            if (digest is { } d && CryptographicOperations.FixedTimeEquals(Digest.Hash(d, certificate), entry.Value.Span))
            {
                return true;
            }
        }

        return false;
    }
}
