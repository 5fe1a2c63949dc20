using System.Collections.Concurrent;
using Trust.Core.Identifiers;
using Trust.Core.Licences.Internal;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Status;

namespace Trust.Core.Licences;

/// <summary>
/// Verifies signed licences: structure (strict deterministic CBOR, size limits), the COSE
/// signature with the leaf key of the x5chain (RFC 9052 section 4.4), the chain to the trust
/// anchors at the licence's issue time, the payload against its licence type version, the
/// validity window at verification time, and the status. Never throws for bad licence bytes:
/// every problem becomes a verdict with reasons.
/// </summary>
/// <remarks>
/// Reason codes: <c>input.empty</c>, <c>input.too_large</c>, <c>input.malformed:&lt;field&gt;</c>,
/// <c>cose.unsupported_alg</c>, <c>cose.wrong_content_type</c>, <c>cose.kid_mismatch</c>,
/// <c>chain.missing</c>, <c>chain.bad_leaf</c>, <c>chain.untrusted</c>, <c>chain.expired</c>,
/// <c>chain.not_yet_valid</c>, <c>chain.revoked</c>, <c>chain.invalid</c>, <c>signature.invalid</c>,
/// <c>schema.unknown_type:&lt;code&gt;</c>, <c>schema.unknown_version:&lt;code&gt;</c>,
/// <c>schema.invalid_id</c>, <c>schema.id_mismatch</c>, <c>schema.missing_field:&lt;code&gt;</c>,
/// <c>schema.unknown_field:&lt;code&gt;</c>, <c>schema.invalid_field:&lt;code&gt;</c>,
/// <c>payload.validity_window</c>, <c>payload.issued_in_future</c>, <c>validity.expired</c>,
/// <c>validity.not_yet_valid</c>, <c>status.revoked</c>, <c>status.suspended</c>,
/// <c>status.indeterminate:&lt;why&gt;</c>, the limits of <see cref="LicenceVerificationLimits"/> (<c>limit.input_size</c>,
/// <c>limit.certificates</c>, <c>limit.nesting_depth</c>: untrusted, indication indeterminate), and the signer bindings of <see cref="SignerReasons"/>
/// (<c>signer.role_missing:licence_issuer</c>, <c>signer.department_missing</c>, <c>signer.department_mismatch</c>,
/// <c>signer.licence_kind_not_entitled:&lt;kind&gt;</c>). A status that cannot be determined gives
/// <see cref="LicenceVerdict.Untrusted"/>, never valid.
/// </remarks>
public sealed class LicenceVerifier
{
    /// <summary>How far in the future an issue time may lie (clock skew between issuer and verifier).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const int MinBatchChunk = 16;

    private readonly ICertificateValidator _trust;
    private readonly ILicenceStatusSource _status;
    private readonly LicenceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly IssuerChainCache _chains = new();

    /// <summary>Creates a verifier.</summary>
    /// <param name="trust">Trust anchors and certificate checks.</param>
    /// <param name="statusSource">Where revocation and suspension are looked up.</param>
    /// <param name="catalog">Licence types; <see cref="LicenceCatalog.Default"/> when null.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    /// <param name="limits">Resource limits; <see cref="LicenceVerificationLimits.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range (<see cref="LicenceVerificationLimits.Validate"/>).</exception>
    public LicenceVerifier(ICertificateValidator trust, ILicenceStatusSource statusSource, LicenceCatalog? catalog = null, TimeProvider? timeProvider = null, LicenceVerificationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(statusSource);
        Limits = limits ?? LicenceVerificationLimits.Default;
        Limits.Validate();
        _trust = trust;
        _status = statusSource;
        _catalog = catalog ?? LicenceCatalog.Default;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The resource limits this verifier enforces.</summary>
    public LicenceVerificationLimits Limits { get; }

    /// <summary>Verifies one licence (the COSE_Sign1 bytes of a <c>.lic</c> file).</summary>
    public async Task<LicenceVerificationResult> VerifyAsync(ReadOnlyMemory<byte> licence, CancellationToken cancellationToken = default)
    {
        var content = CheckContent(licence);
        var status = await LookUpStatusAsync(content, cancellationToken).ConfigureAwait(false);
        return Complete(content, status);
    }

    /// <summary>
    /// Verifies many licences: the signature, chain and schema checks run on all cores
    /// (range-partitioned <see cref="Parallel.ForEach{TSource}(System.Collections.Concurrent.OrderablePartitioner{TSource}, Action{TSource, ParallelLoopState, long})"/>),
    /// re-using parsed issuer keys and chain results; then the statuses are looked up.
    /// </summary>
    /// <returns>One result per input, in input order.</returns>
    public async Task<IReadOnlyList<LicenceVerificationResult>> VerifyManyAsync(IReadOnlyList<ReadOnlyMemory<byte>> licences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(licences);
        var content = new LicenceContentCheck[licences.Count];
        var chunk = Math.Max(MinBatchChunk, licences.Count / (Environment.ProcessorCount * 8));
        Parallel.ForEach(
            Partitioner.Create(0, licences.Count, chunk),
            new ParallelOptions { CancellationToken = cancellationToken },
            range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    content[i] = CheckContent(licences[i]);
                }
            });

        var results = new LicenceVerificationResult[licences.Count];
        await Parallel.ForAsync(0, licences.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount * 4 }, async (i, ct) =>
        {
            var status = await LookUpStatusAsync(content[i], ct).ConfigureAwait(false);
            results[i] = Complete(content[i], status);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// The checks that depend only on the bytes and the trust store (structure, signature, key id,
    /// chain at the issue time, schema, validity window consistency); see <see cref="LicenceContentCheck"/>.
    /// Never throws for bad bytes. A valid outcome stays valid for these bytes as long as the trust
    /// store (<see cref="TrustStoreVersion"/>) is unchanged; an untrusted one may not (a CRL dated
    /// slightly in the future becomes current), so callers should remember only valid outcomes.
    /// </summary>
    public LicenceContentCheck CheckContent(ReadOnlyMemory<byte> licence)
    {
        var pending = CheckContentCore(licence);
        return new LicenceContentCheck(pending.Verdict, pending.Reasons, pending.Licence);
    }

    /// <summary>The version of the trust store (anchors, intermediates, CRLs) that <see cref="CheckContent"/> uses.</summary>
    public long TrustStoreVersion => _trust.Version;

    /// <summary>
    /// Finishes a verification: the time checks at the verifier's current time (issue time not in
    /// the future, not before the start and not after the end of validity) and the status.
    /// </summary>
    /// <param name="content">The content check of the licence (possibly remembered from earlier).</param>
    /// <param name="status">
    /// The status of <see cref="LicenceContentCheck.StatusQuery"/>; ignored when the content is not
    /// valid. Null when it could not be looked up: the verdict is then untrusted, never valid.
    /// </param>
    public LicenceVerificationResult Complete(LicenceContentCheck content, StatusLookup? status)
    {
        ArgumentNullException.ThrowIfNull(content);
        var pending = new Pending();
        if (content.Verdict != LicenceVerdict.Valid)
        {
            foreach (var reason in content.Reasons)
            {
                pending.Fail(LicenceVerdict.Valid, reason);
            }

            pending.Fail(content.Verdict, null);
        }

        if (content.LicenceFacts is { } facts)
        {
            CheckTimes(facts, _time.GetUtcNow(), pending);
        }

        if (content.StatusQuery is not null && pending.Verdict is not (LicenceVerdict.Invalid or LicenceVerdict.Untrusted))
        {
            switch (status?.Status)
            {
                case LicenceStatus.Valid:
                    break;
                case LicenceStatus.Suspended:
                    pending.Fail(LicenceVerdict.Suspended, "status.suspended");
                    break;
                case LicenceStatus.Revoked:
                    pending.Fail(LicenceVerdict.Revoked, "status.revoked");
                    break;
                default:
                    pending.Fail(LicenceVerdict.Untrusted, "status.indeterminate:" + (status?.IndeterminateReason ?? "source_failed"));
                    break;
            }
        }

        return new LicenceVerificationResult(pending.Verdict, pending.Reasons, content.Licence, content.LicenceId);
    }

    /// <summary>Asks the status source about a valid content check; null when the source failed (indeterminate) or no status is needed.</summary>
    private async ValueTask<StatusLookup?> LookUpStatusAsync(LicenceContentCheck content, CancellationToken cancellationToken)
    {
        if (content.StatusQuery is not { } query)
        {
            return null;
        }

        try
        {
            return await _status.GetStatusAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing status source makes the status indeterminate, never valid.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private Pending CheckContentCore(ReadOnlyMemory<byte> bytes)
    {
        var pending = new Pending();
        if (bytes.IsEmpty)
        {
            return pending.Fail(LicenceVerdict.Invalid, "input.empty");
        }

        if (bytes.Length > SignedLicence.MaxBytes)
        {
            return pending.Fail(LicenceVerdict.Invalid, "input.too_large");
        }

        // A configured limit below the format's maximum: the licence may be fine, this verifier does not decide.
        if (bytes.Length > Limits.MaxInputBytes)
        {
            return pending.Fail(LicenceVerdict.Untrusted, LimitReasons.InputSize);
        }

        try
        {
            SignedLicence licence;
            try
            {
                licence = SignedLicence.Decode(bytes);
            }
            catch (TrustFormatException ex)
            {
                return pending.Fail(LicenceVerdict.Invalid, ex.Field switch
                {
                    "cose.alg" => "cose.unsupported_alg",
                    "cose.content_type" => "cose.wrong_content_type",
                    _ => "input.malformed:" + ex.Field,
                });
            }

            if (ExceededLimit(licence) is { } limit)
            {
                return pending.Fail(LicenceVerdict.Untrusted, limit);
            }

            pending.Licence = licence;
            var entitlement = CheckSignatureAndChain(licence, pending);
            if (pending.Verdict == LicenceVerdict.Invalid)
            {
                return pending;
            }

            var type = CheckSchema(licence.Payload, pending);
            CheckEntitlement(entitlement, licence.Payload, type, pending);
            if (licence.Payload.ValidUntil is { } until && until <= licence.Payload.ValidFrom)
            {
                pending.Fail(LicenceVerdict.Invalid, "payload.validity_window");
            }

            return pending;
        }
#pragma warning disable CA1031 // Hostile input must become a verdict: no exception from CBOR, ASN.1 or crypto may escape.
        catch (Exception)
#pragma warning restore CA1031
        {
            return pending.Fail(LicenceVerdict.Invalid, "input.malformed");
        }
    }

    /// <summary>The first configured limit a decoded licence exceeds (before any certificate or signature work), or null.</summary>
    private string? ExceededLimit(SignedLicence licence)
    {
        if (licence.CertificateChain.Count > Limits.MaxChainCertificates)
        {
            return LimitReasons.Certificates;
        }

        // Decoding checked the format's depth; only a lower configured depth needs a second (iterative) scan.
        if (Limits.MaxNestingDepth < LicenceVerificationLimits.MaxNestingDepthCap &&
            (!Cbor.DeterministicCbor.WithinDepth(licence.Encoded, Limits.MaxNestingDepth) || !Cbor.DeterministicCbor.WithinDepth(licence.Message.Payload, Limits.MaxNestingDepth)))
        {
            return LimitReasons.NestingDepth;
        }

        return null;
    }

    /// <summary>Checks the signature with the leaf key and the chain at the issue time; returns the leaf's entitlement.</summary>
    private SignerEntitlement CheckSignatureAndChain(SignedLicence licence, Pending pending)
    {
        var chain = licence.CertificateChain;
        if (chain.Count == 0)
        {
            pending.Fail(LicenceVerdict.Invalid, "chain.missing");
            return SignerEntitlement.None;
        }

        var entry = _chains.For(chain, _trust.Version);
        var key = entry.LeafKey;
        if (key is null)
        {
            pending.Fail(LicenceVerdict.Invalid, "chain.bad_leaf");
            return SignerEntitlement.None;
        }

        if (!licence.Message.VerifySignature(key))
        {
            pending.Fail(LicenceVerdict.Invalid, "signature.invalid");
            return SignerEntitlement.None;
        }

        if (!licence.KeyId.IsEmpty && !licence.KeyId.Span.SequenceEqual(entry.LeafKeyThumbprint))
        {
            pending.Fail(LicenceVerdict.Invalid, "cose.kid_mismatch");
            return SignerEntitlement.None;
        }

        var status = entry.Validate(_trust, licence.Payload.IssuedAt);
        if (status != ChainStatus.Trusted)
        {
            pending.Fail(LicenceVerdict.Untrusted, status switch
            {
                ChainStatus.Expired => "chain.expired",
                ChainStatus.NotYetValid => "chain.not_yet_valid",
                ChainStatus.Revoked => "chain.revoked",
                ChainStatus.Invalid => "chain.invalid",
                _ => "chain.untrusted",
            });
        }

        return entry.Entitlement;
    }

    /// <summary>
    /// The signer must be entitled to issue this licence: a licence issuer (<see cref="SignerRole.LicenceIssuer"/>)
    /// of the department the licence names, entitled to the licence type's department kind. A key that merely
    /// chains to the trust anchors (a grant, status-list, seal or TLS key, another department's issuer) is not.
    /// </summary>
    private static void CheckEntitlement(SignerEntitlement entitlement, LicencePayload payload, LicenceType? type, Pending pending)
    {
        foreach (var reason in entitlement.Check(SignerRole.LicenceIssuer, payload.IssuerDepartment))
        {
            pending.Fail(LicenceVerdict.Invalid, reason);
        }

        if (type is not null && entitlement.Has(SignerRole.LicenceIssuer) && !entitlement.MayIssueKind(type.DepartmentKind))
        {
            pending.Fail(LicenceVerdict.Invalid, SignerReasons.LicenceKindNotEntitled + ":" + type.DepartmentKind);
        }
    }

    private LicenceType? CheckSchema(LicencePayload payload, Pending pending)
    {
        var type = _catalog.Find(payload.TypeCode, payload.TypeVersion);
        if (type is null)
        {
            pending.Fail(LicenceVerdict.Invalid, _catalog.Find(payload.TypeCode) is null
                ? "schema.unknown_type:" + payload.TypeCode
                : "schema.unknown_version:" + payload.TypeCode);
            return null;
        }

        if (!Identifiers.LicenceId.TryParse(payload.Id, out var id))
        {
            pending.Fail(LicenceVerdict.Invalid, "schema.invalid_id");
        }
        else if (id.TypeCode != payload.TypeCode || id.Department != payload.IssuerDepartment || id.Year != payload.IssuedAt.UtcDateTime.Year)
        {
            pending.Fail(LicenceVerdict.Invalid, "schema.id_mismatch");
        }

        foreach (var reason in LicenceSchema.Check(type, payload.HolderId, payload.HolderName, payload.Fields))
        {
            pending.Fail(LicenceVerdict.Invalid, reason);
        }

        return type;
    }

    // Evaluated on every verification, also for remembered content checks: these depend on "now".
    private static void CheckTimes(LicenceContentCheck.Facts facts, DateTimeOffset now, Pending pending)
    {
        if (facts.IssuedAt > now + MaxClockSkew)
        {
            pending.Fail(LicenceVerdict.Invalid, "payload.issued_in_future");
        }

        if (now < facts.ValidFrom)
        {
            pending.Fail(LicenceVerdict.NotYetValid, "validity.not_yet_valid");
        }

        if (facts.ValidUntil is { } end && now >= end)
        {
            pending.Fail(LicenceVerdict.Expired, "validity.expired");
        }
    }

    /// <summary>Accumulates reasons; the verdict is the most severe one seen.</summary>
    private sealed class Pending
    {
        public SignedLicence? Licence { get; set; }

        public LicenceVerdict Verdict { get; private set; } = LicenceVerdict.Valid;

        public List<string> Reasons { get; } = [];

        public Pending Fail(LicenceVerdict verdict, string? reason)
        {
            if (reason is not null)
            {
                Reasons.Add(reason);
            }

            if (Severity(verdict) > Severity(Verdict))
            {
                Verdict = verdict;
            }

            return this;
        }

        private static int Severity(LicenceVerdict verdict) => verdict switch
        {
            LicenceVerdict.Invalid => 6,
            LicenceVerdict.Untrusted => 5,
            LicenceVerdict.Revoked => 4,
            LicenceVerdict.Suspended => 3,
            LicenceVerdict.Expired => 2,
            LicenceVerdict.NotYetValid => 1,
            _ => 0,
        };
    }
}
