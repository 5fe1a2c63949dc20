using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Storage;

/// <summary>
/// The store as one <see cref="Trust.Core.Licences.LicenceIssuer.IssueAsync"/> call sees it. The issuer records
/// the licence, then appends <c>licence.issue</c>; this view holds the licence back until that entry comes and
/// then writes both through <see cref="TrustStore.AddWithAuditAsync"/>, in one transaction. A failure anywhere
/// (signing, the audit insert, the commit) leaves no licence without its audit entry and no entry without its
/// licence. Use one instance per issue: it keeps the held-back licence.
/// </summary>
public sealed class AtomicLicenceIssue(TrustStore store) : ILicenceStore, IAuditLog
{
    private const string IssueAction = "licence.issue";

    private LicenceRecord? _pending;

    /// <inheritdoc />
    public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default) =>
        store.AllocateStatusIndexAsync(statusListId, cancellationToken);

    /// <summary>Holds the licence back until its <c>licence.issue</c> entry is appended.</summary>
    public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(licence);
        if (_pending is not null)
        {
            throw new InvalidOperationException("a licence is already waiting for its audit entry: use one AtomicLicenceIssue per issue");
        }

        _pending = licence;
        return Task.CompletedTask;
    }

    /// <summary>The held-back licence's <c>licence.issue</c> entry commits both; anything else is appended alone.</summary>
    public async Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (_pending is not { } licence)
        {
            return await store.AppendAsync(action, actor, subject, details, at, cancellationToken).ConfigureAwait(false);
        }

        _pending = null;
        if (!string.Equals(action, IssueAction, StringComparison.Ordinal) || !string.Equals(subject, licence.Id, StringComparison.Ordinal) || at != licence.IssuedAt)
        {
            // Fail safe: the licence is dropped, not stored without its entry.
            throw new InvalidOperationException($"the audit entry after licence {licence.Id} is not its {IssueAction} entry");
        }

        return await store.AddWithAuditAsync(licence, actor, details, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default) => store.ReadAsync(fromSequence, cancellationToken);

    /// <inheritdoc />
    public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => store.GetAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default) =>
        store.FindByHolderAsync(holderId, typeCodes, cancellationToken);

    /// <summary>Not used while issuing; status changes go through <see cref="TrustStore.SetStatusWithAuditAsync"/>.</summary>
    public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("status changes go through TrustStore.SetStatusWithAuditAsync");

    /// <inheritdoc />
    public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default) => store.GetStatusAsync(licenceId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default) =>
        store.GetStatusListAsync(statusListId, cancellationToken);
}
