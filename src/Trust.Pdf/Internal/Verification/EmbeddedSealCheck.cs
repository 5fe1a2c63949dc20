using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;

namespace Trust.Pdf.Internal.Verification;

/// <summary>
/// Checks the SES_Seal carried in a PDF signature's signed attributes with the library's seal policy
/// (<see cref="SealSignatureVerifier.CheckSeal"/>, GB/T 38540-2020 section 8 as far as it applies to a PDF
/// signature), and that the PDF signer is a seal signer (<see cref="SignerRole.SealSigner"/>).
/// </summary>
internal static class EmbeddedSealCheck
{
    public sealed record Result(string? SealId, string? Name, IReadOnlyList<string> Problems, bool Indeterminate, byte[]? Der = null);

    public static Result? Check(Asn1Encodable? attributeValue, byte[]? signerCertificate, DateTimeOffset at, ICertificateValidator? validator, ISealRevocationSource? revocations = null)
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

        // One seal policy for SES files and PDFs: the library's GB/T 38540 seal checks (maker signature, maker chain
        // and entitlement, validity at signing time, signer listed, revocation), then the signer's entitlement.
        var verifier = new SealSignatureVerifier(validator ?? NoValidation.Instance, revocations);
        var check = verifier.CheckSeal(seal, signerCertificate ?? [], at, checkChains: validator is not null);
        var problems = new List<string>(check.Reasons);
        if (signerCertificate is not null)
        {
            problems.AddRange(SignerEntitlement.FromCertificate(signerCertificate).Check(SignerRole.SealSigner, department: null));
        }

        // A maker that chains to no configured anchor (a seal of another PKI) leaves the seal undecided, not forged.
        var indeterminate = check.Indeterminate || problems.Remove(SealReasons.MakerChainPrefix + "untrusted");
        return new Result(seal.SealInfo.EsId, seal.SealInfo.Property.Name, problems, indeterminate, der);
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

    /// <summary>Stands in for a validator when certificate validation is skipped on purpose; never asked.</summary>
    private sealed class NoValidation : ICertificateValidator
    {
        public static readonly NoValidation Instance = new();

        public long Version => 0;

        public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage) =>
            new(ChainStatus.Untrusted, ["chain.not_checked"], null, []);
    }
}
