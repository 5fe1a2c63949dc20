using System.Security.Cryptography;
using System.Text.Json;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Licences.Internal;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Services;
using Trust.Core.Storage;

namespace Trust.Core.Grants;

/// <summary>
/// Decides whether a clerk may see a holder's licences for a service item under a grant, and if so
/// returns per licence type of the item: found or missing, the verdict of the best licence, and the
/// form values it fills. Appends <c>grant.check</c> to the audit log for every check (subject: the
/// grant id; no personal data).
/// </summary>
/// <remarks>
/// <para>Order of checks: structure (<c>grant.malformed</c>), signature with the leaf key of the
/// grant's x5chain (<c>grant.signature_invalid</c>), the chain to the grant trust anchors at the
/// start of the current minute (<c>grant.untrusted</c>), validity window (<c>grant.not_yet_valid</c>, <c>grant.expired</c>),
/// grantee (<c>grant.wrong_grantee</c>), service item (<c>grant.wrong_service_item</c>), revocation
/// (<c>grant.revoked</c>), and last, only when everything else passed and the licences have been looked
/// up, the atomic consumption of a single-use grant (<c>grant.already_used</c>). A denied check consumes
/// nothing and returns no licence data.</para>
/// <para>When the checker is given an <see cref="IAtomicGrantConsumption"/> (the SQLite, PostgreSQL and in-memory
/// stores are one), a single-use grant is consumed and its <c>grant.check</c> entry appended in one transaction:
/// if the append fails, the grant stays unused and the check throws. Without one, it consumes and appends in two
/// steps.</para>
/// <para>Data minimisation: only licence types the item requires or accepts are looked up, and a
/// licence is used only when both the store record and the signed payload name the grant's holder,
/// the expected type and (when the grant lists licence ids) one of those ids. Form values come only
/// from licences whose verdict is valid.</para>
/// </remarks>
public sealed class GrantChecker
{
    /// <summary>Tolerated clock difference for the start of a grant's validity by default (<see cref="GrantVerificationLimits.MaxClockSkew"/>).</summary>
    public static readonly TimeSpan MaxClockSkew = GrantVerificationLimits.Default.MaxClockSkew;

    /// <summary>The longest validity a grant may claim by default (<see cref="GrantVerificationLimits.MaxLifetime"/>, <see cref="GrantIssueRequest.MaxValidityMinutes"/>).</summary>
    public static readonly TimeSpan MaxLifetime = GrantVerificationLimits.Default.MaxLifetime;

    private const string AuditAction = "grant.check";

    private readonly ICertificateValidator _trust;
    private readonly IGrantStore _grants;
    private readonly ILicenceStore _licences;
    private readonly LicenceVerifier _verifier;
    private readonly IAuditLog _audit;
    private readonly IAtomicGrantConsumption? _atomic;
    private readonly ServiceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly IssuerChainCache _chains = new();

    /// <summary>Creates a checker.</summary>
    /// <param name="grantTrust">Trust anchors of the grant-signing certificates.</param>
    /// <param name="grants">Grant revocation and single-use consumption.</param>
    /// <param name="licences">Where the holder's licences are found.</param>
    /// <param name="licenceVerifier">Verifies the holder's licences.</param>
    /// <param name="auditLog">Where checks are logged.</param>
    /// <param name="atomicConsumption">Consumes a single-use grant together with its <c>grant.check</c> entry in one
    /// transaction (it must write to <paramref name="auditLog"/>'s chain: pass the same store); null to consume and
    /// append in two steps.</param>
    /// <param name="catalog">Service items; <see cref="ServiceCatalog.Default"/> when null.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    /// <param name="limits">Size and validity limits; <see cref="GrantVerificationLimits.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range (<see cref="GrantVerificationLimits.Validate"/>).</exception>
    public GrantChecker(ICertificateValidator grantTrust, IGrantStore grants, ILicenceStore licences, LicenceVerifier licenceVerifier, IAuditLog auditLog, IAtomicGrantConsumption? atomicConsumption, ServiceCatalog? catalog = null, TimeProvider? timeProvider = null, GrantVerificationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(grantTrust);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(licences);
        ArgumentNullException.ThrowIfNull(licenceVerifier);
        ArgumentNullException.ThrowIfNull(auditLog);
        _trust = grantTrust;
        _grants = grants;
        _licences = licences;
        _verifier = licenceVerifier;
        _audit = auditLog;
        _atomic = atomicConsumption;
        _catalog = catalog ?? ServiceCatalog.Default;
        _time = timeProvider ?? TimeProvider.System;
        Limits = limits ?? GrantVerificationLimits.Default;
        Limits.Validate();
    }

    /// <summary>The size and validity limits this checker enforces.</summary>
    public GrantVerificationLimits Limits { get; }

    /// <summary>Checks one grant.</summary>
    public async Task<GrantCheckResult> CheckAsync(GrantCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = await CheckManyAsync([request], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Checks many (grant, service item, clerk) triples, sharing work: each distinct grant is parsed and
    /// verified once, each grant's revocation is looked up once, each holder's licences are fetched once
    /// and each distinct licence is verified once. Single-use grants are consumed in input order (a
    /// single-use grant appearing twice is allowed once). A bad item gives a denied result, never an
    /// exception for the whole batch.
    /// </summary>
    /// <returns>One result per request, in input order.</returns>
    public async Task<IReadOnlyList<GrantCheckResult>> CheckManyAsync(IReadOnlyList<GrantCheckRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = _time.GetUtcNow();
        var checks = new Check[requests.Count];
        var verified = new Dictionary<string, (SignedGrant? Grant, string? Failure)>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i] ?? throw new ArgumentException("A request is null.", nameof(requests));
            ArgumentNullException.ThrowIfNull(request.Clerk, nameof(requests));
            var key = Convert.ToHexString(SHA256.HashData(request.Grant.Span));
            if (!verified.TryGetValue(key, out var v))
            {
                v = VerifyGrant(request.Grant, now);
                verified[key] = v;
            }

            checks[i] = new Check(request, v.Grant, _catalog.Find(request.ServiceItemCode));
            if (v.Failure is { } failure)
            {
                // QR text that could not be read says which layer failed (grant.malformed:qr.base45, ...).
                checks[i].Reasons.Add(failure == GrantReasons.Malformed && request.Grant.IsEmpty && request.UnreadableField is { } field
                    ? GrantReasons.Malformed + ":" + field
                    : failure);
            }
            else
            {
                CheckTerms(checks[i], now);
            }
        }

        await CheckRevocationAsync(checks, cancellationToken).ConfigureAwait(false);
        await FillLicencesAsync(checks, cancellationToken).ConfigureAwait(false);

        // Last, in input order: a single-use grant that passed everything else is consumed (together with its
        // grant.check entry where the store can do both in one transaction); every other check is audited as it is.
        var results = new GrantCheckResult[checks.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            var c = checks[i];
            if (c.Reasons.Count == 0 && c.Grant!.Payload.SingleUse)
            {
                var allowed = Result(c);
                if (await TryConsumeAsync(c, allowed, now, cancellationToken).ConfigureAwait(false))
                {
                    results[i] = allowed;
                    continue;
                }

                c.Reasons.Add(await _grants.IsRevokedAsync(c.Grant.Id, cancellationToken).ConfigureAwait(false)
                    ? GrantReasons.Revoked
                    : GrantReasons.AlreadyUsed);
                c.Licences = [];
            }

            results[i] = Result(c);
            await AuditAsync(c, results[i], now, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private static GrantCheckResult Result(Check check) =>
        new(check.Grant?.Id, check.Request.ServiceItemCode ?? "", [.. check.Reasons], check.Licences);

    /// <summary>
    /// Consumes the single-use grant of an allowed check and appends its <c>grant.check</c> entry: in one
    /// transaction through the atomic consumption given to the constructor, else in two steps (consume, then append). False, with
    /// nothing appended, when the grant was already used or is revoked.
    /// </summary>
    private async Task<bool> TryConsumeAsync(Check check, GrantCheckResult allowed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grantId = check.Grant!.Id;
        if (_atomic is not null)
        {
            return await _atomic.TryConsumeWithAuditAsync(grantId, now, AuditAction, Actor(check), AuditDetails(check, allowed), cancellationToken).ConfigureAwait(false) is not null;
        }

        if (!await _grants.TryConsumeAsync(grantId, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await AuditAsync(check, allowed, now, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private (SignedGrant? Grant, string? Failure) VerifyGrant(ReadOnlyMemory<byte> bytes, DateTimeOffset now)
    {
        if (bytes.IsEmpty || bytes.Length > SignedGrant.MaxBytes)
        {
            return (null, GrantReasons.Malformed);
        }

        // A configured limit below the format's maximum: the grant may be fine, this checker does not decide.
        if (bytes.Length > Limits.MaxInputBytes)
        {
            return (null, LimitReasons.InputSize);
        }

        try
        {
            SignedGrant grant;
            try
            {
                grant = SignedGrant.Decode(bytes);
            }
            catch (TrustFormatException)
            {
                return (null, GrantReasons.Malformed);
            }

            // The same answer as for a licence: a signature without its x5chain cannot be attributed (chain.missing).
            var chain = grant.Message.CertificateChain;
            if (chain.Count == 0)
            {
                return (grant, GrantReasons.ChainMissing);
            }

            if (chain.Count > Limits.MaxChainCertificates)
            {
                return (null, LimitReasons.Certificates);
            }

            var entry = _chains.For(chain, _trust.Version);
            if (entry.LeafKey is not { } key || !grant.Message.VerifySignature(key) ||
                (!grant.Message.KeyId.IsEmpty && !grant.Message.KeyId.Span.SequenceEqual(key.Thumbprint())))
            {
                return (grant, GrantReasons.SignatureInvalid);
            }

            // Only the grant service may sign grants: a key that merely chains to the anchors is not enough.
            if (!entry.Entitlement.Has(SignerRole.GrantIssuer))
            {
                return (grant, SignerReasons.RoleMissing("signer", SignerRole.GrantIssuer));
            }

            // Validated at the start of the current minute, so the chain cache answers repeat checks within
            // a minute (a change of trust anchors or CRLs changes the validator version and starts afresh).
            var minute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            return entry.Validate(_trust, minute) == ChainStatus.Trusted ? (grant, null) : (grant, GrantReasons.Untrusted);
        }
#pragma warning disable CA1031 // Hostile input must become a verdict: no exception from CBOR, ASN.1 or crypto may escape.
        catch (Exception)
#pragma warning restore CA1031
        {
            return (null, GrantReasons.Malformed);
        }
    }

    private void CheckTerms(Check check, DateTimeOffset now)
    {
        var p = check.Grant!.Payload;
        var item = check.Item;
        if (!(p.Id.Length == 32 && p.Id.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F')) ||
            p.ExpiresAt <= p.NotBefore || HolderId.Validate(p.HolderId) is not null || (p.ClerkId.Length == 0 && p.DepartmentCode.Length == 0))
        {
            check.Reasons.Add(GrantReasons.Malformed);
            return;
        }

        // Validity claims are bounded: no grant lives longer than the issuer allows, none is issued in the future
        // or starts before it was issued.
        var skew = Limits.MaxClockSkew;
        if (p.ExpiresAt - p.NotBefore > Limits.MaxLifetime)
        {
            check.Reasons.Add(GrantReasons.LifetimeTooLong);
        }

        if (p.IssuedAt > now + skew)
        {
            check.Reasons.Add(GrantReasons.IssuedInFuture);
        }

        if (p.NotBefore < p.IssuedAt - skew)
        {
            check.Reasons.Add(GrantReasons.ValidBeforeIssue);
        }

        if (now + skew < p.NotBefore)
        {
            check.Reasons.Add(GrantReasons.NotYetValid);
        }

        if (now >= p.ExpiresAt)
        {
            check.Reasons.Add(GrantReasons.Expired);
        }

        var clerk = check.Request.Clerk;
        if ((p.ClerkId.Length > 0 && !string.Equals(p.ClerkId, clerk.ClerkId, StringComparison.Ordinal)) ||
            (p.DepartmentCode.Length > 0 && !string.Equals(p.DepartmentCode, clerk.DepartmentCode, StringComparison.Ordinal)))
        {
            check.Reasons.Add(GrantReasons.WrongGrantee);
        }

        if (item is null || !string.Equals(p.ServiceItemCode, item.Code, StringComparison.Ordinal) || HolderId.Validate(p.HolderId, item.HolderKind) is not null)
        {
            check.Reasons.Add(GrantReasons.WrongServiceItem);
        }
    }

    private async Task CheckRevocationAsync(Check[] checks, CancellationToken cancellationToken)
    {
        var revoked = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            if (check.Grant is not { } grant || check.Reasons.Any(r => r is GrantReasons.Malformed or GrantReasons.SignatureInvalid or GrantReasons.Untrusted))
            {
                continue;
            }

            if (!revoked.TryGetValue(grant.Id, out var isRevoked))
            {
                isRevoked = await _grants.IsRevokedAsync(grant.Id, cancellationToken).ConfigureAwait(false);
                revoked[grant.Id] = isRevoked;
            }

            if (isRevoked)
            {
                check.Reasons.Add(GrantReasons.Revoked);
            }
        }
    }

    private async Task FillLicencesAsync(Check[] checks, CancellationToken cancellationToken)
    {
        var allowed = checks.Where(c => c.Reasons.Count == 0).ToList();
        if (allowed.Count == 0)
        {
            return;
        }

        // One store lookup per holder, for the union of the types their checks' items use.
        var records = new Dictionary<string, IReadOnlyList<LicenceRecord>>(StringComparer.Ordinal);
        foreach (var holder in allowed.GroupBy(c => c.Grant!.Payload.HolderId, StringComparer.Ordinal))
        {
            var types = holder.SelectMany(c => c.Item!.LicenceTypes).Distinct(StringComparer.Ordinal).ToList();
            var found = await _licences.FindByHolderAsync(holder.Key, types, cancellationToken).ConfigureAwait(false);
            records[holder.Key] = [.. found.Where(r => r is not null && string.Equals(r.HolderId, holder.Key, StringComparison.Ordinal) && types.Contains(r.TypeCode, StringComparer.Ordinal))];
        }

        // Each distinct licence verified once.
        var distinct = records.Values.SelectMany(r => r).GroupBy(r => r.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var verdicts = distinct.Count == 0
            ? []
            : await _verifier.VerifyManyAsync([.. distinct.Select(r => (ReadOnlyMemory<byte>)r.Signed)], cancellationToken).ConfigureAwait(false);
        var byId = new Dictionary<string, LicenceVerificationResult>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
        {
            byId[distinct[i].Id] = verdicts[i];
        }

        foreach (var check in allowed)
        {
            var grant = check.Grant!.Payload;
            var item = check.Item!;
            var results = new List<GrantLicenceResult>(item.LicenceTypes.Count);
            foreach (var type in item.LicenceTypes)
            {
                var candidates = records[grant.HolderId]
                    .Where(r => string.Equals(r.TypeCode, type, StringComparison.Ordinal))
                    .Where(r => grant.LicenceIds.Count == 0 || grant.LicenceIds.Contains(r.Id, StringComparer.Ordinal))
                    .Select(r => (Record: r, Result: byId[r.Id]))
                    .Where(x => Covers(x.Result, x.Record, grant.HolderId, type))
                    .OrderBy(x => Rank(x.Result.Verdict))
                    .ThenByDescending(x => x.Result.Licence!.Payload.IssuedAt)
                    .ThenBy(x => x.Record.Id, StringComparer.Ordinal)
                    .Select(x => x.Result)
                    .FirstOrDefault();
                var form = candidates is { IsValid: true } best ? item.FillFrom(type, AllFields(best.Licence!.Payload)) : new Dictionary<string, string>();
                results.Add(new GrantLicenceResult(type, item.RequiredLicenceTypes.Contains(type, StringComparer.Ordinal), candidates, form));
            }

            check.Licences = results;
        }
    }

    /// <summary>The signed payload itself must name the holder, the type and the record's id: the store is not trusted for this.</summary>
    private static bool Covers(LicenceVerificationResult result, LicenceRecord record, string holderId, string type) =>
        result.Licence?.Payload is { } p &&
        string.Equals(p.HolderId, holderId, StringComparison.Ordinal) &&
        string.Equals(p.TypeCode, type, StringComparison.Ordinal) &&
        string.Equals(p.Id, record.Id, StringComparison.Ordinal);

    private static Dictionary<string, string> AllFields(LicencePayload p)
    {
        var fields = new Dictionary<string, string>(p.Fields, StringComparer.Ordinal)
        {
            [LicenceType.HolderIdField] = p.HolderId,
            [LicenceType.HolderNameField] = p.HolderName,
        };
        return fields;
    }

    private static int Rank(LicenceVerdict verdict) => verdict switch
    {
        LicenceVerdict.Valid => 0,
        LicenceVerdict.NotYetValid => 1,
        LicenceVerdict.Expired => 2,
        LicenceVerdict.Suspended => 3,
        LicenceVerdict.Revoked => 4,
        LicenceVerdict.Untrusted => 5,
        _ => 6,
    };

    private async Task AuditAsync(Check check, GrantCheckResult result, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _audit.AppendAsync(AuditAction, Actor(check), result.GrantId ?? "unknown", AuditDetails(check, result), now, cancellationToken).ConfigureAwait(false);

    private static string Actor(Check check) => Printable(check.Request.Clerk.ClerkId);

    private static string AuditDetails(Check check, GrantCheckResult result) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["service_item"] = check.Item?.Code ?? "unknown",
            ["department"] = Printable(check.Request.Clerk.DepartmentCode),
            ["verdict"] = result.VerdictText,
            ["reasons"] = result.Reasons,
            ["licences"] = result.Licences.Count(l => l.Found),
        });

    private static string Printable(string? value) =>
        string.IsNullOrEmpty(value) || value.Length > GrantPayloadCbor.MaxPrincipalLength || value.Any(char.IsControl) ? "unknown" : value;

    private sealed class Check(GrantCheckRequest request, SignedGrant? grant, ServiceItem? item)
    {
        public GrantCheckRequest Request { get; } = request;

        public SignedGrant? Grant { get; } = grant;

        public ServiceItem? Item { get; } = item;

        public List<string> Reasons { get; } = [];

        public IReadOnlyList<GrantLicenceResult> Licences { get; set; } = [];
    }
}
