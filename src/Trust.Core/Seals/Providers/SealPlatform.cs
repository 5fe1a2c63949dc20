using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Keys;

namespace Trust.Core.Seals.Providers;

/// <summary>Who calls a seal platform: a name for the audit and the departments whose seals it may use (sealer role).</summary>
/// <param name="Name">The caller's identity (token subject or client certificate name).</param>
/// <param name="Departments">Department codes whose seals the caller may use.</param>
public sealed record SealCaller(string Name, IReadOnlySet<string> Departments);

/// <summary>One item of a batch signing call: what to sign with the authorised seal, and a description for the audit.</summary>
/// <param name="ToBeSigned">The DER to sign (TBS_Sign or CMS signed attributes); it carries the document's digest, never the document.</param>
/// <param name="DocumentDescription">A short description of the document for the audit (a file name or licence id, no personal data).</param>
public sealed record SealSigningItem(ReadOnlyMemory<byte> ToBeSigned, string DocumentDescription);

/// <summary>A recorded use of a seal on a platform.</summary>
/// <param name="SealId">The seal.</param>
/// <param name="Department">The seal's department.</param>
/// <param name="Caller">Who signed.</param>
/// <param name="Digest">The digest signed (<see cref="PreparedSeal.Digest"/>), lower-case hex.</param>
/// <param name="DocumentDescription">The caller's description of the document.</param>
/// <param name="At">When.</param>
public sealed record SealPlatformUse(string SealId, string Department, string Caller, string Digest, string DocumentDescription, DateTimeOffset At);

/// <summary>Where a seal platform records each seal use (an audit log).</summary>
public interface ISealPlatformAudit
{
    /// <summary>Records one use; called before the signature is returned.</summary>
    void Record(SealPlatformUse use);
}

/// <summary>A signing authorisation: bound to a seal and a list of digests, expiring, usable once.</summary>
/// <param name="Id">The opaque identifier to pass to <c>SealPlatform.SignDigests</c>.</param>
/// <param name="SealId">The seal it authorises.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record SealSigningAuthorization(string Id, string SealId, DateTimeOffset ExpiresAt);

/// <summary>
/// The decisions of a seal platform that signs for other systems with seal keys it holds (through an <see cref="ISealProvider"/>):
/// a caller sees and uses only its own departments' seals; signing needs an authorisation bound to the exact digests
/// (in the manner of the Cloud Signature Consortium's SCAL2 "signature activation data"), which expires and is consumed
/// by its first use; every signature is audited with digest, caller and document description. Transports (gRPC, JSON)
/// only map these results.
/// </summary>
public sealed class SealPlatform
{
    private readonly ISealProvider _provider;
    private readonly ISealPlatformAudit _audit;
    private readonly TimeProvider _time;
    private readonly ISealAuthorizationStore _authorizations = new InMemorySealAuthorizationStore();
    private long _nextSweepTicks;

    /// <summary>Creates a platform.</summary>
    /// <param name="provider">The seals and their keys.</param>
    /// <param name="audit">Where uses are recorded.</param>
    /// <param name="lifetime">How long an authorisation stays usable; 2 minutes when null.</param>
    /// <param name="maxDigests">Most digests one authorisation may cover (a batch).</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public SealPlatform(ISealProvider provider, ISealPlatformAudit audit, TimeSpan? lifetime = null, int maxDigests = 1000, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDigests, 1);
        _provider = provider;
        _audit = audit;
        Lifetime = lifetime ?? TimeSpan.FromMinutes(2);
        MaxDigests = maxDigests;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long an authorisation stays usable.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>
    /// Where issued authorisations and their use are kept. The default, <see cref="InMemorySealAuthorizationStore"/>, is
    /// single-use within this process only; give a shared, durable store (the server's <c>TrustStore</c>) so that an
    /// authorisation stays single-use across restarts and the nodes of a platform.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public ISealAuthorizationStore Authorizations
    {
        get => _authorizations;
        init => _authorizations = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Most digests one authorisation may cover.</summary>
    public int MaxDigests { get; }

    /// <summary>The seals the caller may use (its departments' seals).</summary>
    public IReadOnlyList<SealRecord> ListSeals(SealCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return _provider.ListSeals().Where(s => caller.Departments.Contains(s.Department)).ToArray();
    }

    /// <summary>A seal (SES_Seal and picture) and its signer's certificate chain, when the caller may use it.</summary>
    /// <exception cref="SealingRefusedException"><see cref="SealingReasons.NotAuthorised"/>: the seal belongs to another department.</exception>
    /// <exception cref="KeyNotFoundException">No such seal.</exception>
    /// <exception cref="SealUnusableException">The seal is revoked or outside its validity.</exception>
    public (SealRecord Seal, IReadOnlyList<byte[]> CertificateChain) GetSeal(SealCaller caller, string sealId)
    {
        var seal = Allowed(caller, sealId);
        return (seal, _provider.GetCertificateChain(sealId));
    }

    /// <summary>Authorises signing exactly <paramref name="digests"/> (values of <see cref="PreparedSeal.Digest"/>) with a seal, once.</summary>
    /// <exception cref="SealingRefusedException"><see cref="SealingReasons.NotAuthorised"/>: another department's seal.</exception>
    /// <exception cref="ArgumentException">No digests, too many, or a digest is not 32 bytes.</exception>
    public SealSigningAuthorization Authorize(SealCaller caller, string sealId, IReadOnlyList<ReadOnlyMemory<byte>> digests) =>
        AuthorizeAsync(caller, sealId, digests).GetAwaiter().GetResult();

    /// <summary>Like <see cref="Authorize"/>, keeping the authorisation in the store asynchronously.</summary>
    /// <exception cref="SealingRefusedException"><see cref="SealingReasons.NotAuthorised"/>: another department's seal.</exception>
    /// <exception cref="ArgumentException">No digests, too many, or a digest is not 32 bytes.</exception>
    public async Task<SealSigningAuthorization> AuthorizeAsync(SealCaller caller, string sealId, IReadOnlyList<ReadOnlyMemory<byte>> digests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digests);
        _ = Allowed(caller, sealId);
        if (digests.Count == 0 || digests.Count > MaxDigests)
        {
            throw new ArgumentException($"An authorisation covers 1 to {MaxDigests} digests, not {digests.Count}.", nameof(digests));
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var digest in digests)
        {
            if (digest.Length != 32)
            {
                throw new ArgumentException($"A digest is 32 bytes, not {digest.Length}.", nameof(digests));
            }

            set.Add(Convert.ToHexStringLower(digest.Span));
        }

        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var now = _time.GetUtcNow();
        var expires = now + Lifetime;
        await Authorizations.AddAsync(new SealAuthorizationRecord(id, caller.Name, sealId, [.. set], expires), cancellationToken).ConfigureAwait(false);
        await SweepAsync(now, cancellationToken).ConfigureAwait(false);
        return new SealSigningAuthorization(id, sealId, expires);
    }

    /// <summary>
    /// Signs a batch with an authorisation: consumes it first (a replay is refused), then checks every item's digest is one
    /// it was issued for, then signs and audits each. Nothing is signed when any check fails.
    /// </summary>
    /// <returns>The signature values, in the order of <paramref name="items"/>.</returns>
    /// <exception cref="SealingRefusedException">
    /// Unknown, expired, already used, issued to another caller, or a digest it does not cover; the reason says which.
    /// </exception>
    public IReadOnlyList<byte[]> SignDigests(SealCaller caller, string authorizationId, IReadOnlyList<SealSigningItem> items) =>
        SignDigests(caller, authorizationId, items, _audit);

    /// <summary>Like <see cref="SignDigests(SealCaller, string, IReadOnlyList{SealSigningItem})"/>, recording the uses in <paramref name="audit"/> (for a transport that appends them to its own log before answering).</summary>
    /// <exception cref="SealingRefusedException">Unknown, expired, already used, issued to another caller, or a digest it does not cover.</exception>
    public IReadOnlyList<byte[]> SignDigests(SealCaller caller, string authorizationId, IReadOnlyList<SealSigningItem> items, ISealPlatformAudit audit) =>
        SignDigestsAsync(caller, authorizationId, items, audit).GetAwaiter().GetResult();

    /// <summary>
    /// Like <see cref="SignDigests(SealCaller, string, IReadOnlyList{SealSigningItem}, ISealPlatformAudit)"/>, consuming the
    /// authorisation in the store asynchronously (first, atomically: a replay on this or another node is refused).
    /// </summary>
    /// <exception cref="SealingRefusedException">Unknown, expired, already used, issued to another caller, or a digest it does not cover.</exception>
    public async Task<IReadOnlyList<byte[]>> SignDigestsAsync(SealCaller caller, string authorizationId, IReadOnlyList<SealSigningItem> items, ISealPlatformAudit audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(authorizationId);
        ArgumentNullException.ThrowIfNull(items);
        var (state, stored) = await Authorizations.ConsumeAsync(authorizationId, cancellationToken).ConfigureAwait(false);
        if (state != SealAuthorizationState.Consumed || stored is null)
        {
            throw state == SealAuthorizationState.AlreadyUsed
                ? new SealingRefusedException(SealingReasons.AuthorizationUsed, "The signing authorisation has already been used; authorise again.")
                : new SealingRefusedException(SealingReasons.AuthorizationUnknown, "No such signing authorisation.");
        }

        var grant = new Grant(stored.Caller, stored.SealId, new HashSet<string>(stored.Digests, StringComparer.Ordinal), stored.ExpiresAt);
        var now = _time.GetUtcNow();
        if (now > grant.ExpiresAt)
        {
            throw new SealingRefusedException(SealingReasons.AuthorizationExpired, $"The signing authorisation expired at {grant.ExpiresAt:u}.");
        }

        if (!string.Equals(grant.Caller, caller.Name, StringComparison.Ordinal))
        {
            throw new SealingRefusedException(SealingReasons.NotAuthorised, "The signing authorisation was issued to another caller.");
        }

        var seal = Allowed(caller, grant.SealId);
        var certificate = _provider.GetCertificateChain(grant.SealId)[0];
        var algorithm = seal.Algorithm;
        var digests = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            digests[i] = Convert.ToHexStringLower(SignatureValues.DigestToSign(algorithm, items[i].ToBeSigned.Span, certificate));
            if (!grant.Digests.Contains(digests[i]))
            {
                throw new SealingRefusedException(SealingReasons.DigestNotAuthorised, $"Item {i}: its digest is not one the authorisation was issued for.");
            }
        }

        var signatures = new byte[items.Count][];
        for (var i = 0; i < items.Count; i++)
        {
            signatures[i] = _provider.Sign(grant.SealId, algorithm, items[i].ToBeSigned.Span);
            audit.Record(new SealPlatformUse(grant.SealId, seal.Department, caller.Name, digests[i], items[i].DocumentDescription, now));
        }

        return signatures;
    }

    private SealRecord Allowed(SealCaller caller, string sealId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(sealId);
        var seal = _provider.GetSeal(sealId);
        return caller.Departments.Contains(seal.Department)
            ? seal
            : throw new SealingRefusedException(SealingReasons.NotAuthorised, $"Seal {sealId} belongs to department {seal.Department}; only its sealers may use it.");
    }

    /// <summary>
    /// At most once per lifetime: removes authorisations that expired more than a lifetime ago (until then a replay is
    /// refused as used or expired; afterwards as unknown).
    /// </summary>
    private async Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + Lifetime).UtcTicks, next) != next)
        {
            return;
        }

        await Authorizations.RemoveExpiredAsync(now - Lifetime, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Grant(string Caller, string SealId, HashSet<string> Digests, DateTimeOffset ExpiresAt);
}

/// <summary>
/// A seal provider that signs through a <see cref="SealPlatform"/> as one caller: each signature is authorised for its
/// own digest and then signed (one authorisation per signature). The client side of a platform; a network transport
/// puts the same two calls on the wire.
/// </summary>
public sealed class PlatformSealProvider(SealPlatform platform, SealCaller caller, string documentDescription = "") : ISealProvider
{
    /// <inheritdoc />
    public IReadOnlyList<SealRecord> ListSeals() => platform.ListSeals(caller);

    /// <inheritdoc />
    public SealRecord GetSeal(string sealId) => platform.GetSeal(caller, sealId).Seal;

    /// <inheritdoc />
    public IReadOnlyList<byte[]> GetCertificateChain(string sealId) => platform.GetSeal(caller, sealId).CertificateChain;

    /// <inheritdoc />
    public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned)
    {
        var certificate = GetCertificateChain(sealId)[0];
        var digest = SignatureValues.DigestToSign(algorithm, toBeSigned, certificate);
        var authorization = platform.Authorize(caller, sealId, [digest]);
        return platform.SignDigests(caller, authorization.Id, [new SealSigningItem(toBeSigned.ToArray(), documentDescription)])[0];
    }
}
