using System.Runtime.CompilerServices;
using Trust.Core.Audit;
using Trust.Core.Seals;
using Trust.Core.Status;

namespace Trust.Core.Storage;

/// <summary>
/// Every store interface of Trust.Core in memory: licences and their status, status-list indexes, grants (revocation,
/// single use, short codes), seal revocations and the hash-chained audit log (<see cref="AuditChain"/>, the same chain
/// <see cref="AuditChainVerifier"/> checks). For tests and for embedders who issue, revoke and verify without a
/// database; nothing survives the process. The SQLite and PostgreSQL stores of Trust.Storage keep the same contract.
/// </summary>
/// <remarks>
/// One lock guards every write, so each audited write (<see cref="IAuditedWriteStore"/>) changes the data and appends
/// its audit entry together, and an entry that cannot be built (a value over its limit) changes nothing. Reads see a
/// consistent state. Rules as in the persistent stores: revoked is final, a revoked grant is never consumed, a
/// single-use grant is consumed once, a second revocation keeps the first one's time and reason.
/// </remarks>
public sealed class InMemoryTrustStore : ILicenceStore, IAuditLog, IGrantStore, IGrantCodeStore, ISealRegistryStore, IAuditedWriteStore, ISealRevocationSource
{
    private const string SealRevokeAction = "seal.revoke";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _allocated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredLicence> _licences = new(StringComparer.Ordinal);
    private readonly HashSet<(string List, long Index)> _indexes = [];
    private readonly Dictionary<string, GrantRecord> _grants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedGrants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedGrants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GrantCodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SealRevocation> _seals = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];

    // ---- licences --------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default)
    {
        Required("statusListId", statusListId);
        lock (_gate)
        {
            var next = _allocated.GetValueOrDefault(statusListId);
            _allocated[statusListId] = next + 1;
            return Task.FromResult(next);
        }
    }

    /// <inheritdoc />
    public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default)
    {
        CheckLicence(licence);
        lock (_gate)
        {
            InsertLicence(licence);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        Required("id", id);
        lock (_gate)
        {
            return Task.FromResult(_licences.TryGetValue(id, out var stored) ? stored.Record : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default)
    {
        Required("holderId", holderId);
        lock (_gate)
        {
            IReadOnlyList<LicenceRecord> found = _licences.Values
                .Select(l => l.Record)
                .Where(l => l.HolderId == holderId && (typeCodes is null || typeCodes.Contains(l.TypeCode)))
                .OrderBy(l => l.IssuedAt)
                .ThenBy(l => l.Id, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        CheckStatusChange(change);
        lock (_gate)
        {
            return Task.FromResult(UpdateStatus(change));
        }
    }

    /// <inheritdoc />
    public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default)
    {
        Required("licenceId", licenceId);
        lock (_gate)
        {
            return Task.FromResult(_licences.TryGetValue(licenceId, out var stored) ? stored.Status : (LicenceStatus?)null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default)
    {
        Required("statusListId", statusListId);
        lock (_gate)
        {
            IReadOnlyDictionary<long, LicenceStatus> list = _licences.Values
                .Where(l => l.Record.StatusListId == statusListId && l.Status != LicenceStatus.Valid)
                .ToDictionary(l => l.Record.StatusIndex, l => l.Status);
            return Task.FromResult(list);
        }
    }

    // ---- audit -------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Append(action, actor, subject, details, at));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AuditEntry[] entries;
        lock (_gate)
        {
            entries = _audit.Where(e => e.Sequence >= fromSequence).ToArray();
        }

        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.CompletedTask.ConfigureAwait(false);
            yield return entry;
        }
    }

    // ---- grants ------------------------------------------------------------------------------

    /// <inheritdoc />
    public Task RecordAsync(GrantRecord grant, CancellationToken cancellationToken = default)
    {
        CheckGrant(grant);
        lock (_gate)
        {
            InsertGrant(grant);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    Task<GrantRecord?> IGrantStore.GetAsync(string grantId, CancellationToken cancellationToken) => GetGrantAsync(grantId, cancellationToken);

    /// <summary>The recorded grant with <paramref name="grantId"/>, or null (<see cref="IGrantStore.GetAsync"/>).</summary>
    /// <param name="grantId">The grant id.</param>
    /// <param name="cancellationToken">Not used: the store answers at once.</param>
    public Task<GrantRecord?> GetGrantAsync(string grantId, CancellationToken cancellationToken = default)
    {
        Required("grantId", grantId);
        lock (_gate)
        {
            return Task.FromResult(_grants.GetValueOrDefault(grantId));
        }
    }

    /// <inheritdoc />
    Task<bool> IGrantStore.RevokeAsync(string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        CheckGrantRevocation(grantId, reason);
        lock (_gate)
        {
            return Task.FromResult(_revokedGrants.Add(grantId));
        }
    }

    /// <inheritdoc />
    Task<bool> IGrantStore.IsRevokedAsync(string grantId, CancellationToken cancellationToken)
    {
        Required("grantId", grantId);
        lock (_gate)
        {
            return Task.FromResult(_revokedGrants.Contains(grantId));
        }
    }

    /// <inheritdoc />
    public Task<bool> TryConsumeAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Required("grantId", grantId);
        lock (_gate)
        {
            return Task.FromResult(Consume(grantId));
        }
    }

    /// <inheritdoc />
    public Task<bool> IsConsumedAsync(string grantId, CancellationToken cancellationToken = default)
    {
        Required("grantId", grantId);
        lock (_gate)
        {
            return Task.FromResult(_usedGrants.Contains(grantId));
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAddCodeAsync(GrantCodeRecord code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        Required("code", code.Code);
        Required("grantId", code.GrantId);
        if (code.Grant is null || code.Grant.Length == 0)
        {
            throw new TrustFormatException("grant", "must not be empty");
        }

        lock (_gate)
        {
            return Task.FromResult(_codes.TryAdd(code.Code, code));
        }
    }

    /// <inheritdoc />
    public Task<GrantCodeRecord?> FindCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        Required("code", code);
        lock (_gate)
        {
            return Task.FromResult(_codes.GetValueOrDefault(code));
        }
    }

    // ---- seals -------------------------------------------------------------------------------

    /// <inheritdoc />
    Task<bool> ISealRegistryStore.RevokeAsync(SealRevocation revocation, CancellationToken cancellationToken)
    {
        CheckSealRevocation(revocation);
        lock (_gate)
        {
            return Task.FromResult(_seals.TryAdd(revocation.SealId, revocation));
        }
    }

    /// <inheritdoc />
    public Task<SealRevocation?> GetRevocationAsync(string sealId, CancellationToken cancellationToken = default)
    {
        Required("sealId", sealId);
        lock (_gate)
        {
            return Task.FromResult(_seals.GetValueOrDefault(sealId));
        }
    }

    /// <inheritdoc />
    Task<bool> ISealRegistryStore.IsRevokedAsync(string sealId, CancellationToken cancellationToken) => Task.FromResult(IsRevoked(sealId));

    /// <inheritdoc />
    public Task<IReadOnlyList<SealRevocation>> ListRevocationsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<SealRevocation> list = _seals.Values.OrderBy(s => s.SealId, StringComparer.Ordinal).ToList();
            return Task.FromResult(list);
        }
    }

    /// <summary>Whether the seal is revoked: the store is also the <see cref="ISealRevocationSource"/> of its verifiers.</summary>
    /// <param name="sealId">The seal's esID.</param>
    public bool IsRevoked(string sealId)
    {
        Required("sealId", sealId);
        lock (_gate)
        {
            return _seals.ContainsKey(sealId);
        }
    }

    // ---- audited writes ----------------------------------------------------------------------

    /// <inheritdoc />
    public Task<AuditEntry> AddWithAuditAsync(LicenceRecord licence, string actor, string details, CancellationToken cancellationToken = default)
    {
        CheckLicence(licence);
        _ = AuditChain.CreateEntry(1, licence.IssuedAt, "licence.issue", actor, licence.Id, details, AuditChain.GenesisHash);
        lock (_gate)
        {
            InsertLicence(licence);
            return Task.FromResult(Append("licence.issue", actor, licence.Id, details, licence.IssuedAt));
        }
    }

    /// <inheritdoc />
    public Task<AuditEntry?> SetStatusWithAuditAsync(StatusChange change, string actor, string details, CancellationToken cancellationToken = default)
    {
        CheckStatusChange(change);
        var action = change.Status switch
        {
            LicenceStatus.Revoked => "licence.revoke",
            LicenceStatus.Suspended => "licence.suspend",
            _ => "licence.resume",
        };
        _ = AuditChain.CreateEntry(1, change.At, action, actor, change.LicenceId, details, AuditChain.GenesisHash);
        lock (_gate)
        {
            return Task.FromResult(UpdateStatus(change) ? Append(action, actor, change.LicenceId, details, change.At) : null);
        }
    }

    /// <inheritdoc />
    public Task<AuditEntry> RecordGrantWithAuditAsync(GrantRecord grant, string actor, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        CheckGrant(grant);
        _ = AuditChain.CreateEntry(1, at, "grant.issue", actor, grant.Id, details, AuditChain.GenesisHash);
        lock (_gate)
        {
            InsertGrant(grant);
            return Task.FromResult(Append("grant.issue", actor, grant.Id, details, at));
        }
    }

    /// <inheritdoc />
    public Task<AuditEntry?> RevokeGrantWithAuditAsync(string grantId, string reason, DateTimeOffset at, string actor, string details, CancellationToken cancellationToken = default)
    {
        CheckGrantRevocation(grantId, reason);
        _ = AuditChain.CreateEntry(1, at, "grant.revoke", actor, grantId, details, AuditChain.GenesisHash);
        lock (_gate)
        {
            return Task.FromResult(_revokedGrants.Add(grantId) ? Append("grant.revoke", actor, grantId, details, at) : null);
        }
    }

    /// <inheritdoc />
    public Task<AuditEntry?> TryConsumeWithAuditAsync(string grantId, DateTimeOffset at, string action, string actor, string details, CancellationToken cancellationToken = default)
    {
        Required("grantId", grantId);
        _ = AuditChain.CreateEntry(1, at, action, actor, grantId, details, AuditChain.GenesisHash);
        lock (_gate)
        {
            return Task.FromResult(Consume(grantId) ? Append(action, actor, grantId, details, at) : null);
        }
    }

    /// <inheritdoc />
    public Task<AuditEntry?> RevokeSealWithAuditAsync(SealRevocation revocation, string actor, string details, CancellationToken cancellationToken = default)
    {
        CheckSealRevocation(revocation);
        _ = AuditChain.CreateEntry(1, revocation.RevokedAt, SealRevokeAction, actor, revocation.SealId, details, AuditChain.GenesisHash);
        lock (_gate)
        {
            return Task.FromResult(_seals.TryAdd(revocation.SealId, revocation)
                ? Append(SealRevokeAction, actor, revocation.SealId, details, revocation.RevokedAt)
                : null);
        }
    }

    // ---- under the lock ----------------------------------------------------------------------

    private void InsertLicence(LicenceRecord licence)
    {
        if (_licences.ContainsKey(licence.Id) || _indexes.Contains((licence.StatusListId, licence.StatusIndex)))
        {
            throw new TrustException("a licence with this id, or with this status index in its status list, already exists");
        }

        _licences.Add(licence.Id, new StoredLicence(licence));
        _indexes.Add((licence.StatusListId, licence.StatusIndex));
    }

    private bool UpdateStatus(StatusChange change)
    {
        if (!_licences.TryGetValue(change.LicenceId, out var stored) || stored.Status == LicenceStatus.Revoked)
        {
            return false;
        }

        stored.Status = change.Status;
        return true;
    }

    private void InsertGrant(GrantRecord grant)
    {
        if (!_grants.TryAdd(grant.Id, grant))
        {
            throw new TrustException("a grant with this id already exists");
        }
    }

    private bool Consume(string grantId) => !_revokedGrants.Contains(grantId) && _usedGrants.Add(grantId);

    private AuditEntry Append(string action, string actor, string subject, string details, DateTimeOffset at)
    {
        var previous = _audit.Count == 0 ? AuditChain.GenesisHash : _audit[^1].Hash;
        var entry = AuditChain.CreateEntry(_audit.Count + 1, at, action, actor, subject, details, previous);
        _audit.Add(entry);
        return entry;
    }

    // ---- checks (before any change) ----------------------------------------------------------

    private static void Required(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new TrustFormatException(field, "must not be empty");
        }
    }

    private static void CheckLicence(LicenceRecord licence)
    {
        ArgumentNullException.ThrowIfNull(licence);
        Required("licence.id", licence.Id);
        Required("licence.typeCode", licence.TypeCode);
        Required("licence.holderId", licence.HolderId);
        Required("licence.holderName", licence.HolderName);
        Required("licence.issuerDepartment", licence.IssuerDepartment);
        Required("licence.statusListId", licence.StatusListId);
        if (licence.TypeVersion < 0)
        {
            throw new TrustFormatException("licence.typeVersion", "must not be negative");
        }

        if (licence.StatusIndex < 0)
        {
            throw new TrustFormatException("licence.statusIndex", "must not be negative");
        }

        if (licence.Signed is null || licence.Signed.Length == 0)
        {
            throw new TrustFormatException("licence.signed", "must not be empty");
        }
    }

    private static void CheckStatusChange(StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Required("statusChange.licenceId", change.LicenceId);
        ArgumentNullException.ThrowIfNull(change.Reason);
        if (!Enum.IsDefined(change.Status))
        {
            throw new TrustFormatException("statusChange.status", "is not a known licence status");
        }
    }

    private static void CheckGrant(GrantRecord grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        Required("grant.id", grant.Id);
        Required("grant.holderId", grant.HolderId);
    }

    private static void CheckGrantRevocation(string grantId, string reason)
    {
        Required("grantId", grantId);
        ArgumentNullException.ThrowIfNull(reason);
    }

    private static void CheckSealRevocation(SealRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        Required("seal.id", revocation.SealId);
        ArgumentNullException.ThrowIfNull(revocation.Reason);
    }

    private sealed class StoredLicence(LicenceRecord record)
    {
        public LicenceRecord Record { get; } = record;

        public LicenceStatus Status { get; set; } = LicenceStatus.Valid;
    }
}
