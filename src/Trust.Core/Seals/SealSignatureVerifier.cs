using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Seals.Asn1;
using Trust.Core.Timestamps;

namespace Trust.Core.Seals;

/// <summary>
/// Verifies <c>SES_Signature</c>s against their data with every check of GB/T 38540-2020 section 8, in order:
/// the seal maker's signature on the seal (and the maker's chain), the seal's validity at the signing time,
/// the signer being listed in the seal, the signer's chain and validity at the signing time, the signer's
/// signature, the data hash, and the seal's revocation. Every failed check adds its own reason; the verifier
/// never throws for a bad signature and never says valid when a check could not be made.
/// </summary>
public sealed class SealSignatureVerifier
{
    private readonly ICertificateValidator _validator;
    private readonly ISealRevocationSource? _revocations;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _intermediates;
    private readonly IReadOnlySet<string> _knownExtensions;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _makerSignatureCache = new(StringComparer.Ordinal);

    /// <summary>Most seals whose maker-signature result is cached (the development PKI has 160).</summary>
    private const int MaxCachedSeals = 4096;

    /// <summary>Creates a verifier.</summary>
    /// <param name="validator">Validates the signer's and the maker's certificate chains.</param>
    /// <param name="revocations">Seal revocations; without one the revocation check is skipped.</param>
    /// <param name="intermediates">Candidate issuing CA certificates (DER) for chain building.</param>
    /// <param name="knownExtensions">OIDs of seal extensions this verifier understands (critical unknown ones fail).</param>
    /// <param name="limits">Resource limits; <see cref="SesVerificationLimits.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range (<see cref="SesVerificationLimits.Validate"/>).</exception>
    public SealSignatureVerifier(
        ICertificateValidator validator,
        ISealRevocationSource? revocations = null,
        IReadOnlyList<ReadOnlyMemory<byte>>? intermediates = null,
        IReadOnlySet<string>? knownExtensions = null,
        SesVerificationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        Limits = limits ?? SesVerificationLimits.Default;
        Limits.Validate();
        _validator = validator;
        _revocations = revocations;
        _intermediates = intermediates ?? [];
        _knownExtensions = knownExtensions ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The resource limits this verifier enforces.</summary>
    public SesVerificationLimits Limits { get; }

    /// <summary>Decodes <paramref name="signatureDer"/> and verifies it against the rest of <paramref name="data"/>.</summary>
    /// <returns>
    /// Invalid with <see cref="SealReasons.Malformed"/> when the bytes are not a well-formed signature; indeterminate with
    /// <c>limit.input_size</c> or <c>limit.nesting_depth</c> when they are over a configured limit (<see cref="Limits"/>).
    /// </returns>
    public SealVerificationResult Verify(ReadOnlySpan<byte> signatureDer, Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (signatureDer.Length > Limits.MaxSignatureBytes && signatureDer.Length <= SesLimits.MaxSignatureBytes)
        {
            return LimitHit(LimitReasons.InputSize);
        }

        if (!SesSignature.TryDecode(signatureDer, out var signature))
        {
            return new SealVerificationResult(SealVerdict.Invalid, [SealReasons.Malformed], null, null, null, null, null, null);
        }

        // Decoding checked the format's depth; only a lower configured depth needs a second (iterative) scan.
        if (Limits.MaxNestingDepth < Encoding.DerNesting.MaxDepth && !WithinDepth(signatureDer, Limits.MaxNestingDepth))
        {
            return LimitHit(LimitReasons.NestingDepth);
        }

        return Verify(signature, data);
    }

    private static SealVerificationResult LimitHit(string reason) =>
        new(SealVerdict.Indeterminate, [reason], null, null, null, null, null, null);

    private static bool WithinDepth(ReadOnlySpan<byte> der, int maxDepth)
    {
        try
        {
            Encoding.DerNesting.Check(der, "SES_Signature", maxDepth);
            return true;
        }
        catch (TrustFormatException)
        {
            return false;
        }
    }

    /// <summary>Verifies <paramref name="signature"/> against the rest of <paramref name="data"/> (streamed).</summary>
    public SealVerificationResult Verify(SesSignature signature, Stream data) => Verify(signature, data, validationTime: null);

    /// <summary>
    /// Verifies <paramref name="signature"/> against the rest of <paramref name="data"/> (streamed) as of
    /// <paramref name="validationTime"/> (ETSI EN 319 102-1 section 5.6.2.1, past signature validation).
    /// </summary>
    /// <param name="signature">The signature.</param>
    /// <param name="data">The signed data.</param>
    /// <param name="validationTime">
    /// Validate as of this time; null for the signing time as before. A valid <c>timeStamp</c> (GB/T 38540) proves the
    /// signature existed at the token's time, and the certificates are judged then, so a certificate that expired or was
    /// revoked later keeps the signature valid. Without that proof the signer's chain is judged at this time, and an
    /// expired or revoked certificate leaves the signature indeterminate (<c>certificate.expired_no_poe</c>,
    /// <c>certificate.revoked_no_poe</c>).
    /// </param>
    public SealVerificationResult Verify(SesSignature signature, Stream data, DateTimeOffset? validationTime)
    {
        ArgumentNullException.ThrowIfNull(data);
        return VerifyCore(signature, alg => SealData.Hash(alg, data), validationTime);
    }

    /// <summary>Verifies <paramref name="signature"/> against <paramref name="length"/> bytes of a seekable stream from <paramref name="offset"/>.</summary>
    public SealVerificationResult VerifyRange(SesSignature signature, Stream data, long offset, long length) => VerifyRange(signature, data, offset, length, validationTime: null);

    /// <summary>
    /// Verifies <paramref name="signature"/> against <paramref name="length"/> bytes of a seekable stream from
    /// <paramref name="offset"/> as of <paramref name="validationTime"/> (see <see cref="Verify(SesSignature, Stream, DateTimeOffset?)"/>).
    /// </summary>
    /// <param name="signature">The signature.</param>
    /// <param name="data">The stream holding the signed data.</param>
    /// <param name="offset">Where the signed data starts.</param>
    /// <param name="length">How many bytes are signed.</param>
    /// <param name="validationTime">Validate as of this time; null for the signing time.</param>
    public SealVerificationResult VerifyRange(SesSignature signature, Stream data, long offset, long length, DateTimeOffset? validationTime)
    {
        ArgumentNullException.ThrowIfNull(data);
        return VerifyCore(signature, alg => SealData.Hash(alg, data, offset, length), validationTime);
    }

    private SealVerificationResult VerifyCore(SesSignature signature, Func<DigestAlgorithm, byte[]> hash, DateTimeOffset? validationTime)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var reasons = new List<string>();
        var softReasons = new List<string>();
        var indeterminate = false;
        var toSign = signature.ToSign;
        var seal = toSign.Seal;
        var property = seal.SealInfo.Property;
        var at = toSign.TimeInfo;

        // Configured limits on the decoded seal, before any certificate is parsed or signature checked.
        if (property.Certificates.Count > Limits.MaxCertificateListEntries || property.CertificateDigests.Count > Limits.MaxCertificateListEntries)
        {
            return LimitHit(LimitReasons.Certificates);
        }

        if (seal.SealInfo.Picture.Data.Length > Limits.MaxPictureBytes)
        {
            return LimitHit(LimitReasons.PictureSize);
        }

        // 0. A present time-stamp token (GB/T 38540 timeStamp, over the signature value) is checked in full; a valid one
        // proves the signature existed at its time (ETSI EN 319 102-1 section 5.6.2.2), which then replaces the claim.
        var timeStamp = SesTimeStamp.Verify(signature.TimeStamp, signature.Signature.Span, _validator);
        var proven = timeStamp is { Valid: true, Time: not null };
        if (proven)
        {
            at = timeStamp!.Time!.Value;
        }

        // 1-3. The seal itself: maker signature, maker chain and entitlement, validity at signing time, signer listed.
        var sealCheck = CheckSeal(seal, signature.SignerCertificate.Span, at, revocation: false);
        reasons.AddRange(sealCheck.Reasons);
        indeterminate |= sealCheck.Indeterminate;
        if (HasUnknownCriticalExtension(toSign.Extensions))
        {
            reasons.Add(SealReasons.UnknownCriticalExtension);
        }

        // 4. The signer's certificate chains to a trust anchor and was valid at signing time; its signature verifies.
        indeterminate |= CheckSignerChain(signature.SignerCertificate, proven ? at : validationTime ?? at, noProof: !proven && validationTime is not null, reasons);
        reasons.AddRange(SignerEntitlement.FromCertificate(signature.SignerCertificate.Span).Check(SignerRole.SealSigner, department: null));
        var algorithm = SealAlgorithms.FromOid(signature.SignatureAlgorithmOid);
        if (algorithm is { } alg && FixedDerSignature(alg, signature.Signature.Span) is null)
        {
            reasons.Add(SealReasons.SignatureEncoding);
        }
        else if (algorithm is null || TryEncode(toSign) is not { } signedBytes || !SignatureVerifies(signature.SignerCertificate, algorithm.Value, signedBytes, signature.Signature))
        {
            reasons.Add(SealReasons.SignatureInvalid);
        }

        // 4a. A present time-stamp token must be one, over this signature value, from a trusted TSA (checked above).
        if (timeStamp is not null)
        {
            reasons.AddRange(timeStamp.Reasons);
            if (!timeStamp.Failed)
            {
                softReasons.AddRange(timeStamp.Reasons);
            }
        }

        // 5. The data hash matches.
        if (algorithm is null || !HashMatches(hash, SignatureAlgorithms.DigestOf(algorithm.Value), toSign.DataHash.Span))
        {
            reasons.Add(SealReasons.DataHashMismatch);
        }

        // 6. The seal is not revoked.
        indeterminate |= CheckRevocation(seal, reasons);

        if (indeterminate)
        {
            reasons.Add(SealReasons.Indeterminate);
        }

        // An untrusted TSA or a certificate expired or revoked without proof of existence cannot decide: indeterminate.
        if (softReasons.Count > 0 && !reasons.Contains(SealReasons.Indeterminate))
        {
            reasons.Add(SealReasons.Indeterminate);
        }

        var verdict = reasons.Count == 0 ? SealVerdict.Valid
            : reasons.TrueForAll(r => r == SealReasons.Indeterminate || softReasons.Contains(r)) ? SealVerdict.Indeterminate
            : SealVerdict.Invalid;
        return new SealVerificationResult(verdict, reasons, seal.SealInfo.EsId, property.Name, property.Type,
            CertificateSubjectText.TryRead(signature.SignerCertificate.Span), algorithm, toSign.TimeInfo)
        {
            TimestampTime = timeStamp is null ? null : TimestampTokenVerifier.TryDecode(signature.TimeStamp!.Value, out var token) ? token?.Time : null,
            BestSignatureTime = proven ? at : null,
        };

        bool CheckSignerChain(ReadOnlyMemory<byte> certificate, DateTimeOffset time, bool noProof, List<string> into)
        {
            if (!noProof)
            {
                return CheckChain(certificate, time, CertificateUsage.Seal, SealReasons.SignerChainPrefix, into);
            }

            // Past signature validation without a proof of existence: expired or revoked by then is undecidable.
            var found = new List<string>();
            var failed = CheckChain(certificate, time, CertificateUsage.Seal, SealReasons.SignerChainPrefix, found);
            foreach (var reason in found)
            {
                var soft = reason switch
                {
                    _ when reason == SealReasons.Chain(SealReasons.SignerChainPrefix, ChainStatus.Expired) => SealReasons.ExpiredNoProofOfExistence,
                    _ when reason == SealReasons.Chain(SealReasons.SignerChainPrefix, ChainStatus.Revoked) => SealReasons.RevokedNoProofOfExistence,
                    _ => null,
                };
                into.Add(soft ?? reason);
                if (soft is not null)
                {
                    softReasons.Add(soft);
                }
            }

            return failed;
        }
    }

    /// <summary>
    /// The checks of GB/T 38540-2020 section 8 that concern the seal (<c>SES_Seal</c>) rather than one signature made
    /// with it: the seal maker's signature on the seal, the maker's chain at <paramref name="at"/> and its entitlement
    /// (<see cref="SignerRole.SealMaker"/>: only the seal-making authority makes seals), unknown critical seal
    /// extensions, the seal's validity window at <paramref name="at"/>, the signer being listed in the seal, and
    /// (when <paramref name="revocation"/>) the seal's revocation. Used for <c>SES_Signature</c> files and for the
    /// seal carried in a sealed PDF alike. Never throws for a bad seal.
    /// </summary>
    /// <param name="seal">The seal.</param>
    /// <param name="signerCertificate">The DER certificate that signed with the seal.</param>
    /// <param name="at">The signing time.</param>
    /// <param name="revocation">Also check the seal's revocation (<see cref="SealReasons.Revoked"/>).</param>
    /// <param name="checkChains">Validate the maker's chain; false only when the caller skips certificate validation on purpose and reports that it did.</param>
    /// <returns>The reasons (empty when the seal passes) and whether a check could not be made.</returns>
    public SealCheckResult CheckSeal(SesSeal seal, ReadOnlySpan<byte> signerCertificate, DateTimeOffset at, bool revocation = true, bool checkChains = true)
    {
        ArgumentNullException.ThrowIfNull(seal);
        var reasons = new List<string>();
        var property = seal.SealInfo.Property;
        if (MakerSignatureCheck(seal) is { } makerFailure)
        {
            reasons.Add(makerFailure);
        }

        var indeterminate = checkChains && CheckChain(seal.MakerCertificate, at, CertificateUsage.SealMaker, SealReasons.MakerChainPrefix, reasons);
        reasons.AddRange(SignerEntitlement.FromCertificate(seal.MakerCertificate.Span).Check(SignerRole.SealMaker, department: null, prefix: "maker"));
        if (HasUnknownCriticalExtension(seal.SealInfo.Extensions))
        {
            reasons.Add(SealReasons.UnknownCriticalExtension);
        }

        if (at < property.ValidStart || at > property.ValidEnd)
        {
            reasons.Add(SealReasons.NotValidAtSigningTime);
        }

        if (!SealCertificates.Lists(property, signerCertificate))
        {
            reasons.Add(SealReasons.SignerNotListed);
        }

        if (revocation)
        {
            indeterminate |= CheckRevocation(seal, reasons);
        }

        return new SealCheckResult(reasons, indeterminate);
    }

    /// <summary>Adds <see cref="SealReasons.Revoked"/> when the seal is revoked; true when the source failed.</summary>
    private bool CheckRevocation(SesSeal seal, List<string> reasons)
    {
        try
        {
            if (_revocations?.IsRevoked(seal.SealInfo.EsId) == true)
            {
                reasons.Add(SealReasons.Revoked);
            }

            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return true;
        }
    }

    /// <summary>
    /// Checks the maker's signature on the seal. The result depends only on the seal's bytes, so it is cached
    /// (bounded) by the SHA-256 of the signed bytes and the signature: one seal signs many documents.
    /// </summary>
    /// <returns>Null when the maker's signature verifies, else the reason.</returns>
    private string? MakerSignatureCheck(SesSeal seal)
    {
        var algorithm = SealAlgorithms.FromOid(seal.SignatureAlgorithmOid);
        if (algorithm is null)
        {
            return SealReasons.MakerSignatureInvalid;
        }

        if (FixedDerSignature(algorithm.Value, seal.SignedValue.Span) is null)
        {
            return SealReasons.MakerSignatureEncoding;
        }

        byte[] toBeSigned;
        try
        {
            toBeSigned = seal.EncodeToBeSigned();
        }
        catch (TrustFormatException)
        {
            return SealReasons.MakerSignatureInvalid;
        }

        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(toBeSigned);
        hash.AppendData(seal.SignedValue.Span);
        var key = Convert.ToBase64String(hash.GetHashAndReset());
        if (_makerSignatureCache.TryGetValue(key, out var cached))
        {
            return cached ? null : SealReasons.MakerSignatureInvalid;
        }

        var valid = SignatureVerifies(seal.MakerCertificate, algorithm.Value, toBeSigned, seal.SignedValue);
        if (_makerSignatureCache.Count >= MaxCachedSeals)
        {
            _makerSignatureCache.Clear();
        }

        _makerSignatureCache[key] = valid;
        return valid ? null : SealReasons.MakerSignatureInvalid;
    }

    /// <summary>
    /// GB/T 38540 fixes the encoding of both signature values (<c>SES_Signature.signature</c> and
    /// <c>SES_Seal.signedValue</c>): an SM2 signature is DER <c>SEQUENCE { r, s }</c>, so raw r‖s is refused here
    /// (raw r‖s stays accepted only where a container does not fix the encoding). Returns the value as raw r‖s
    /// for SM2 (so the key cannot read it any other way), the value itself for RSA, and null when an SM2 value
    /// is not strict DER.
    /// </summary>
    private static byte[]? FixedDerSignature(SignatureAlgorithm algorithm, ReadOnlySpan<byte> value) =>
        Cose.CoseAlgorithms.IsRawEc(algorithm) ? EcSignatureEncoding.DerToRaw(value) : value.ToArray();

    /// <summary>The DER of <c>TBS_Sign</c>, or null when a caller-built object is outside the encoding limits.</summary>
    private static byte[]? TryEncode(TbsSign toSign)
    {
        try
        {
            return toSign.Encode();
        }
        catch (TrustFormatException)
        {
            return null;
        }
    }

    private static bool SignatureVerifies(ReadOnlyMemory<byte> certificate, SignatureAlgorithm algorithm, byte[] message, ReadOnlyMemory<byte> signature)
    {
        VerificationKey key;
        try
        {
            key = PublicKeyPem.FromCertificate(certificate.Span);
        }
        catch (TrustException)
        {
            return false;
        }

        return key.KeyAlgorithm == SignatureAlgorithms.KeyAlgorithmOf(algorithm) &&
            FixedDerSignature(algorithm, signature.Span) is { } fixedSignature &&
            key.Verify(algorithm, message, fixedSignature);
    }

    private static bool HashMatches(Func<DigestAlgorithm, byte[]> hash, DigestAlgorithm digest, ReadOnlySpan<byte> expected) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(hash(digest), expected);

    /// <summary>Validates a chain and adds a reason when it is not trusted; returns true when the check could not be made.</summary>
    private bool CheckChain(ReadOnlyMemory<byte> certificate, DateTimeOffset at, CertificateUsage usage, string prefix, List<string> reasons)
    {
        try
        {
            var result = _validator.Validate(certificate, _intermediates, at, usage);
            if (!result.IsTrusted)
            {
                reasons.Add(SealReasons.Chain(prefix, result.Status));
            }

            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return true;
        }
    }

    private bool HasUnknownCriticalExtension(IReadOnlyList<SesExtension>? extensions) =>
        extensions?.Any(e => e.Critical && !_knownExtensions.Contains(e.Id)) == true;
}
