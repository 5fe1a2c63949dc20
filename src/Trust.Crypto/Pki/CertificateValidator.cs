using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki.Internal;

namespace Trust.Core.Pki;

/// <summary>
/// Validates X.509 chains (SM2, RSA and P-256) to configured trust anchors, following the
/// basic path validation of RFC 5280 section 6.1: every link's signature (SM2-with-SM3 with
/// the default signer ID, GM/T 0015; sha256WithRSAEncryption; ecdsa-with-SHA256), validity at
/// the time asked, basic constraints and path length, key usage, and revocation from CRLs.
/// </summary>
/// <remarks>
/// <para>Reason codes (prefixes; the part after the colon names the certificate):
/// <c>chain.malformed</c>, <c>chain.untrusted</c>, <c>chain.loop</c>, <c>chain.too_long</c>,
/// <c>chain.bad_signature:&lt;subject&gt;</c>, <c>chain.unsupported_algorithm:&lt;subject&gt;</c>,
/// <c>chain.expired:&lt;subject&gt;</c>, <c>chain.not_yet_valid:&lt;subject&gt;</c>,
/// <c>chain.not_ca:&lt;subject&gt;</c>, <c>chain.path_length:&lt;subject&gt;</c>,
/// <c>chain.key_usage:&lt;subject&gt;</c>, <c>chain.extended_key_usage:&lt;subject&gt;</c>,
/// <c>chain.unknown_critical_extension:&lt;subject&gt;</c>, <c>chain.revoked:&lt;serial hex&gt;</c>,
/// <c>chain.revocation_unknown:&lt;subject&gt;</c>, <c>chain.crl_bad_signature:&lt;issuer&gt;</c>.</para>
/// <para>CRLs: a CRL counts only when its signature verifies with the issuing CA's key. A
/// certificate listed with a revocation date at or before the time asked is revoked (a newer
/// CRL answers for earlier times too). When CRLs are configured for an issuer but none is
/// current (nextUpdate before the time asked, or thisUpdate in the future), the chain is not
/// trusted (<c>chain.revocation_unknown</c>): an unsure answer is never "trusted".</para>
/// <para>Paths are built from the leaf upwards by issuer name and key identifier, at most
/// <see cref="MaxPathLength"/> certificates long; loops are detected and rejected.</para>
/// </remarks>
public sealed class CertificateValidator : ICertificateValidator
{
    /// <summary>Longest accepted path, leaf and anchor included.</summary>
    public const int MaxPathLength = 8;

    /// <summary>Most intermediate certificates accepted in one call.</summary>
    public const int MaxIntermediatesPerCall = 32;

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private State _state = new([], [], []);
    private long _version;

    /// <summary>Creates a validator.</summary>
    /// <param name="trustAnchors">DER certificates of the trust anchors (root CAs).</param>
    /// <param name="intermediates">DER certificates of intermediate CAs to build paths with (optional).</param>
    /// <param name="crls">DER CRLs (optional).</param>
    /// <exception cref="TrustFormatException">A certificate or CRL is malformed.</exception>
    public CertificateValidator(IEnumerable<byte[]> trustAnchors, IEnumerable<byte[]>? intermediates = null, IEnumerable<byte[]>? crls = null)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        foreach (var anchor in trustAnchors)
        {
            AddTrustAnchor(anchor);
        }

        foreach (var intermediate in intermediates ?? [])
        {
            AddIntermediate(intermediate);
        }

        foreach (var crl in crls ?? [])
        {
            AddCrl(crl);
        }
    }

    /// <inheritdoc />
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Also accept SM2 certificate and CRL signatures made with an empty signer ID, as OpenSSL 3.0
    /// makes them when no <c>distid</c> is given (default false: GM/T 0015 requires the default ID
    /// <c>1234567812345678</c>). Turn on to trust SM2 CAs created with plain OpenSSL 3 commands.
    /// </summary>
    public bool AcceptEmptySm2SignerId { get; init; }

    /// <summary>Adds a trust anchor.</summary>
    /// <exception cref="TrustFormatException">The certificate is malformed.</exception>
    public void AddTrustAnchor(ReadOnlySpan<byte> certificateDer)
    {
        var parsed = ParsedCertificate.Parse(certificateDer.ToArray());
        Update(s => s with { Anchors = [.. s.Anchors, parsed] });
    }

    /// <summary>Adds an intermediate CA certificate to the pool used for path building.</summary>
    /// <exception cref="TrustFormatException">The certificate is malformed.</exception>
    public void AddIntermediate(ReadOnlySpan<byte> certificateDer)
    {
        var parsed = ParsedCertificate.Parse(certificateDer.ToArray());
        Update(s => s with { Pool = [.. s.Pool, parsed] });
    }

    /// <summary>Adds a CRL. Its signature is checked when it is used.</summary>
    /// <exception cref="TrustFormatException">The CRL is malformed.</exception>
    public void AddCrl(ReadOnlySpan<byte> crlDer)
    {
        var parsed = ParsedCrl.Parse(crlDer.ToArray());
        Update(s => s with { Crls = [.. s.Crls, parsed] });
    }

    /// <summary>
    /// Replaces every CRL at once (a refreshed CRL file). All or nothing: each CRL must parse and
    /// its signature must verify with the key of a CA certificate this validator knows (trust anchor
    /// or intermediate) that may sign CRLs (RFC 5280 section 6.3.3 (f)); otherwise nothing changes
    /// and the CRLs in force stay. Bumps <see cref="Version"/> so that caches keyed on it start afresh.
    /// </summary>
    /// <param name="crls">DER CRLs.</param>
    /// <param name="veto">Optional last check of the new set (for example "no CA lost its CRL"): returns why the set must not be installed, or null to install it.</param>
    /// <returns>What each CRL now in force says about itself, in the order given.</returns>
    /// <exception cref="TrustFormatException">A CRL is malformed (<c>crl</c>), no known CA's key verifies its signature (<c>crl.signature</c>, naming the issuer), or <paramref name="veto"/> refused the set (<c>crl</c>, its reason).</exception>
    public IReadOnlyList<CrlSummary> ReplaceCrls(IEnumerable<byte[]> crls, Func<IReadOnlyList<CrlSummary>, string?>? veto = null)
    {
        ArgumentNullException.ThrowIfNull(crls);
        var parsed = crls.Select(ParsedCrl.Parse).ToList();
        var state = Volatile.Read(ref _state);
        var check = new PathValidation(state, [], DateTimeOffset.UtcNow, CertificateUsage.DigitalSignature, AcceptEmptySm2SignerId);
        foreach (var crl in parsed)
        {
            if (!check.CrlSignatureVerifies(crl))
            {
                throw new TrustFormatException("crl.signature", $"no CA certificate known to this validator signed the CRL of {crl.Issuer}");
            }
        }

        IReadOnlyList<CrlSummary> summaries = [.. parsed.Select(c => new CrlSummary(c.Issuer.ToString(), c.ThisUpdate, c.NextUpdate, c.Revoked.Count))];
        if (veto?.Invoke(summaries) is { } reason)
        {
            throw new TrustFormatException("crl", reason);
        }

        Update(s => s with { Crls = parsed });
        return summaries;
    }

    /// <summary>
    /// A validator with this one's trust anchors, intermediates and CRLs plus a signed file's own validation data (for
    /// example a PDF's document security store, ETSI EN 319 142-1 section 5.4): <paramref name="certificates"/> become
    /// path-building candidates (they are never trust anchors: every path still ends at this validator's anchors) and
    /// <paramref name="crls"/> revocation data. A CRL counts only when a CA certificate known to the result (anchor,
    /// intermediate or one of <paramref name="certificates"/>) with the CRL's issuer name signed it with a key allowed to
    /// sign CRLs (RFC 5280 section 6.3.3 (f); the path's own issuer is checked again when the CRL is used), and, when
    /// <paramref name="crlsIssuedBy"/> is given (the time a time-stamp proves the data existed), when it was issued by
    /// then. Malformed items are skipped. This validator is not changed.
    /// </summary>
    /// <param name="certificates">DER certificates.</param>
    /// <param name="crls">DER CRLs.</param>
    /// <param name="crlsIssuedBy">Latest accepted <c>thisUpdate</c> (a five-minute clock skew is allowed); null for no bound.</param>
    public CertificateValidator WithValidationData(IEnumerable<byte[]> certificates, IEnumerable<byte[]> crls, DateTimeOffset? crlsIssuedBy = null)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(crls);
        var state = Volatile.Read(ref _state);
        var known = state.Anchors.Concat(state.Pool).Select(c => c.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var pool = state.Pool.ToList();
        foreach (var der in certificates)
        {
            if (TryParse(der) is { } parsed && known.Add(parsed.Fingerprint))
            {
                pool.Add(parsed);
            }
        }

        var withPool = state with { Pool = pool };
        var check = new PathValidation(withPool, [], DateTimeOffset.UtcNow, CertificateUsage.DigitalSignature, AcceptEmptySm2SignerId);
        var added = new List<ParsedCrl>();
        foreach (var der in crls)
        {
            ParsedCrl crl;
            try
            {
                crl = ParsedCrl.Parse(der);
            }
            catch (TrustFormatException)
            {
                continue;
            }

            if ((crlsIssuedBy is not { } bound || crl.ThisUpdate <= bound + ClockSkew)
                && !state.Crls.Concat(added).Any(c => c.Der.AsSpan().SequenceEqual(crl.Der))
                && check.CrlSignatureVerifies(crl))
            {
                added.Add(crl);
            }
        }

        var result = new CertificateValidator([]) { AcceptEmptySm2SignerId = AcceptEmptySm2SignerId };
        result._state = withPool with { Crls = [.. state.Crls, .. added] };
        return result;

        static ParsedCertificate? TryParse(byte[] der)
        {
            try
            {
                return ParsedCertificate.Parse(der);
            }
            catch (TrustFormatException)
            {
                return null;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Never throws for malformed certificates: they give <see cref="ChainStatus.Invalid"/> with <c>chain.malformed</c>.</remarks>
    public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage)
    {
        var state = Volatile.Read(ref _state);
        ParsedCertificate leaf;
        try
        {
            leaf = ParsedCertificate.Parse(leafDer.ToArray());
        }
        catch (TrustFormatException)
        {
            return Fail(ChainStatus.Invalid, "chain.malformed:leaf");
        }

        var extra = new List<ParsedCertificate>();
        foreach (var der in (intermediatesDer ?? []).Take(MaxIntermediatesPerCall))
        {
            try
            {
                extra.Add(ParsedCertificate.Parse(der.ToArray()));
            }
            catch (TrustFormatException)
            {
                // A malformed candidate cannot be part of any path; path building reports what is missing.
            }
        }

        // Any unexpected failure below (a library throwing on hostile input) means "not trusted", never a crash.
        try
        {
            return new PathValidation(state, extra, at, usage, AcceptEmptySm2SignerId).Run(leaf);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(ChainStatus.Invalid, "chain.malformed");
        }
    }

    private static ChainValidationResult Fail(ChainStatus status, string reason) => new(status, [reason], null, []);

    private void Update(Func<State, State> change)
    {
        lock (_gate)
        {
            _state = change(_state);
            _version++;
        }
    }

    private sealed record State(IReadOnlyList<ParsedCertificate> Anchors, IReadOnlyList<ParsedCertificate> Pool, IReadOnlyList<ParsedCrl> Crls);

    /// <summary>One validation: path building, then the checks of RFC 5280 section 6.1.3/6.1.4 on each path found.</summary>
    private sealed class PathValidation(State state, List<ParsedCertificate> extra, DateTimeOffset at, CertificateUsage usage, bool acceptEmptySm2Id)
    {
        private const int MaxPathsExplored = 16;
        private const int MaxNodesVisited = 256;

        private readonly HashSet<string> _anchorPrints = state.Anchors.Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        private readonly List<List<ParsedCertificate>> _paths = [];
        private readonly Dictionary<(string, string), bool> _signatureCache = [];
        private bool _loop;
        private bool _tooLong;
        private int _visited;

        internal ChainValidationResult Run(ParsedCertificate leaf)
        {
            Extend([leaf]);
            var leafKey = TryKey(leaf);
            if (_paths.Count == 0)
            {
                var reasons = new List<string> { "chain.untrusted" };
                if (_loop)
                {
                    reasons.Add("chain.loop");
                }

                if (_tooLong)
                {
                    reasons.Add("chain.too_long");
                }

                return new ChainValidationResult(ChainStatus.Untrusted, reasons, leafKey, []);
            }

            ChainValidationResult? first = null;
            foreach (var path in _paths)
            {
                var (status, reasons) = Check(path);
                var result = new ChainValidationResult(status, reasons, leafKey, path.Select(c => c.Der).ToArray());
                if (status == ChainStatus.Trusted)
                {
                    return result;
                }

                first ??= result;
            }

            return first!;
        }

        private void Extend(List<ParsedCertificate> path)
        {
            if (_paths.Count >= MaxPathsExplored || ++_visited > MaxNodesVisited)
            {
                return;
            }

            var current = path[^1];
            if (_anchorPrints.Contains(current.Fingerprint))
            {
                _paths.Add(path);
                return;
            }

            if (path.Count >= MaxPathLength)
            {
                _tooLong = true;
                return;
            }

            foreach (var candidate in Candidates(current))
            {
                if (path.Any(c => c.Fingerprint == candidate.Fingerprint))
                {
                    _loop = true;
                    continue;
                }

                Extend([.. path, candidate]);
            }
        }

        private IEnumerable<ParsedCertificate> Candidates(ParsedCertificate child)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in state.Anchors.Concat(state.Pool).Concat(extra))
            {
                if (candidate.Subject.Equivalent(child.Issuer, true)
                    && KeyIdsMatch(child.AuthorityKeyIdentifier, candidate.SubjectKeyIdentifier)
                    && seen.Add(candidate.Fingerprint))
                {
                    yield return candidate;
                }
            }
        }

        private static bool KeyIdsMatch(byte[]? authorityKeyId, byte[]? subjectKeyId) =>
            authorityKeyId is null || subjectKeyId is null || authorityKeyId.AsSpan().SequenceEqual(subjectKeyId);

        private (ChainStatus Status, List<string> Reasons) Check(List<ParsedCertificate> path)
        {
            var invalid = new List<string>();
            var revoked = new List<string>();
            var expired = new List<string>();
            var notYet = new List<string>();
            var intermediatesBelow = 0;
            for (var i = 0; i < path.Count; i++)
            {
                var cert = path[i];
                var subject = cert.SubjectText;

                // RFC 5280 section 6.1.3 (a)(2): validity at the time asked.
                if (at < cert.NotBefore)
                {
                    notYet.Add($"chain.not_yet_valid:{subject}");
                }
                else if (at > cert.NotAfter)
                {
                    expired.Add($"chain.expired:{subject}");
                }

                if (cert.UnknownCriticalExtension is not null)
                {
                    invalid.Add($"chain.unknown_critical_extension:{subject}");
                }

                if (i + 1 < path.Count)
                {
                    var issuer = path[i + 1];
                    CheckSignature(cert, issuer, invalid);
                    CheckRevocation(cert, issuer, invalid, revoked);
                }

                if (i == 0)
                {
                    CheckLeafUsage(cert, invalid);
                }
                else
                {
                    // RFC 5280 section 6.1.4 (k), (l), (m), (n): issuers are CAs, path length, keyCertSign.
                    if (!cert.IsCa)
                    {
                        invalid.Add($"chain.not_ca:{subject}");
                    }

                    if (cert.PathLength is { } limit && intermediatesBelow > limit)
                    {
                        invalid.Add($"chain.path_length:{subject}");
                    }

                    if (cert.KeyUsage is { } bits && (bits & KeyCertSign) == 0)
                    {
                        invalid.Add($"chain.key_usage:{subject}");
                    }

                    if (!cert.IsSelfIssued)
                    {
                        intermediatesBelow++;
                    }
                }
            }

            var status = invalid.Count > 0 ? ChainStatus.Invalid
                : revoked.Count > 0 ? ChainStatus.Revoked
                : expired.Count > 0 ? ChainStatus.Expired
                : notYet.Count > 0 ? ChainStatus.NotYetValid
                : ChainStatus.Trusted;
            return (status, [.. invalid, .. revoked, .. expired, .. notYet]);
        }

        private const int DigitalSignature = 0x80;
        private const int NonRepudiation = 0x40;
        private const int KeyEncipherment = 0x20;
        private const int KeyAgreement = 0x08;
        private const int KeyCertSign = 0x04;
        private const int CrlSign = 0x02;
        private const string AnyExtendedKeyUsage = "2.5.29.37.0";

        /// <summary>
        /// Purposes that allow signing documents and sealing: a seal signer of this service, id-kp-documentSigning
        /// (RFC 9336), id-kp-emailProtection (S/MIME, used by many document signers), Adobe Authentic Documents
        /// Trust and Microsoft document signing.
        /// </summary>
        private static readonly string[] DocumentSigningPurposes =
            [SignerRoles.SealSignerOid, "1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.4", "1.2.840.113583.1.1.5", "1.3.6.1.4.1.311.10.3.12"];

        private void CheckLeafUsage(ParsedCertificate leaf, List<string> invalid)
        {
            var required = usage switch
            {
                CertificateUsage.DigitalSignature => DigitalSignature,
                CertificateUsage.Seal or CertificateUsage.SealMaker or CertificateUsage.TimeStamping => DigitalSignature | NonRepudiation,
                CertificateUsage.TlsClient or CertificateUsage.TlsServer => DigitalSignature | KeyEncipherment | KeyAgreement,
                _ => DigitalSignature,
            };

            // RFC 5280 section 4.2.1.3: absent key usage means no restriction.
            if (leaf.KeyUsage is { } bits && (bits & required) == 0)
            {
                invalid.Add($"chain.key_usage:{leaf.SubjectText}");
            }

            // RFC 3161 section 2.3: a TSA certificate has exactly one EKU, id-kp-timeStamping, and it is critical.
            if (usage == CertificateUsage.TimeStamping)
            {
                if (leaf.ExtendedKeyUsages is not [SignerRoles.TimeStampingOid] || !leaf.ExtendedKeyUsageCritical)
                {
                    invalid.Add($"chain.extended_key_usage:{leaf.SubjectText}");
                }

                return;
            }

            // RFC 5280 section 4.2.1.12: a present EKU extension limits the key to the purposes it lists. A TLS,
            // licence-issuer or grant key therefore cannot sign a document or make a seal, whatever it chains to.
            string[]? purposes = usage switch
            {
                CertificateUsage.TlsServer => [CertificateBuilder.ServerAuthOid],
                CertificateUsage.TlsClient => [CertificateBuilder.ClientAuthOid],
                CertificateUsage.Seal => DocumentSigningPurposes,
                CertificateUsage.SealMaker => [SignerRoles.SealMakerOid],
                _ => null,
            };
            if (purposes is not null && leaf.ExtendedKeyUsages is { } ekus && !ekus.Contains(AnyExtendedKeyUsage) && !purposes.Any(ekus.Contains))
            {
                invalid.Add($"chain.extended_key_usage:{leaf.SubjectText}");
            }
        }

        private void CheckSignature(ParsedCertificate cert, ParsedCertificate issuer, List<string> invalid)
        {
            if (X509SignatureAlgorithms.From(cert.SignatureAlgorithm) is not { } algorithm)
            {
                invalid.Add($"chain.unsupported_algorithm:{cert.SubjectText}");
                return;
            }

            if (!Verifies(issuer, algorithm, cert.Tbs, cert.Signature))
            {
                invalid.Add($"chain.bad_signature:{cert.SubjectText}");
            }
        }

        private void CheckRevocation(ParsedCertificate cert, ParsedCertificate issuer, List<string> invalid, List<string> revoked)
        {
            var crls = state.Crls
                .Where(c => c.Issuer.Equivalent(issuer.Subject, true) && KeyIdsMatch(c.AuthorityKeyIdentifier, issuer.SubjectKeyIdentifier))
                .ToList();
            if (crls.Count == 0)
            {
                return;
            }

            var current = false;
            var now = DateTimeOffset.UtcNow;
            foreach (var crl in crls)
            {
                // RFC 5280 section 6.3.3 (f): the CRL issuer's signature, made with a key allowed to sign CRLs.
                var algorithm = X509SignatureAlgorithms.From(crl.SignatureAlgorithm);
                var signerMayIssueCrls = issuer.KeyUsage is not { } bits || (bits & CrlSign) != 0;
                if (algorithm is null || !signerMayIssueCrls || !Verifies(issuer, algorithm.Value, crl.Tbs, crl.Signature))
                {
                    invalid.Add($"chain.crl_bad_signature:{issuer.SubjectText}");
                    continue;
                }

                if (crl.Revoked.TryGetValue(cert.SerialHex, out var revokedAt) && revokedAt <= at)
                {
                    var reason = $"chain.revoked:{cert.SerialHex}";
                    if (!revoked.Contains(reason))
                    {
                        revoked.Add(reason);
                    }
                }

                var fromFuture = crl.ThisUpdate > now + ClockSkew;
                var stale = crl.NextUpdate is { } next && next < at;
                current |= !fromFuture && !stale;
            }

            if (!current && revoked.Count == 0)
            {
                invalid.Add($"chain.revocation_unknown:{cert.SubjectText}");
            }
        }

        /// <summary>Whether a CA certificate of the anchors or the pool with the CRL's issuer name (and key identifier) signed <paramref name="crl"/> with a key allowed to sign CRLs.</summary>
        internal bool CrlSignatureVerifies(ParsedCrl crl)
        {
            var algorithm = X509SignatureAlgorithms.From(crl.SignatureAlgorithm);
            return algorithm is not null && state.Anchors.Concat(state.Pool).Any(ca =>
                ca.Subject.Equivalent(crl.Issuer, true)
                && KeyIdsMatch(crl.AuthorityKeyIdentifier, ca.SubjectKeyIdentifier)
                && (ca.KeyUsage is not { } bits || (bits & CrlSign) != 0)
                && Verifies(ca, algorithm.Value, crl.Tbs, crl.Signature));
        }

        private bool Verifies(ParsedCertificate issuer, SignatureAlgorithm algorithm, byte[] tbs, byte[] signature)
        {
            // Keyed on the signature too: the same content with a different (broken) signature must be checked on its own.
            var key = (issuer.Fingerprint, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(tbs)) + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(signature)) + (int)algorithm);
            if (_signatureCache.TryGetValue(key, out var known))
            {
                return known;
            }

            var publicKey = TryKey(issuer);
            // X.509 fixes DER and CAs (OpenSSL, HSMs) do not normalise ECDSA s: high s is accepted here (docs/input-decisions.md).
            var ok = publicKey is Crypto.Ecdsa.EcdsaVerificationKey ecdsa ? ecdsa.VerifyAllowingHighS(algorithm, tbs, signature)
                : publicKey is not null && publicKey.Verify(algorithm, tbs, signature);
            if (!ok && acceptEmptySm2Id && publicKey is Crypto.Sm2.Sm2VerificationKey sm2)
            {
                ok = VerifiesWithEmptyId(sm2, algorithm, tbs, signature);
            }

            _signatureCache[key] = ok;
            return ok;
        }

        private static bool VerifiesWithEmptyId(Crypto.Sm2.Sm2VerificationKey key, SignatureAlgorithm algorithm, byte[] tbs, byte[] signature)
        {
            try
            {
                return key.WithUserId([]).Verify(algorithm, tbs, signature);
            }
            catch (TrustException)
            {
                // An SM2 engine that refuses empty IDs simply does not accept such signatures.
                return false;
            }
        }

        private static VerificationKey? TryKey(ParsedCertificate cert)
        {
            try
            {
                return PublicKeyPem.FromSubjectPublicKeyInfo(cert.SubjectPublicKeyInfo);
            }
            catch (TrustException)
            {
                return null;
            }
        }
    }
}
