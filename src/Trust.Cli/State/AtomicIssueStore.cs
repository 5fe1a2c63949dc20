using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage;

namespace Trust.Cli.State;

/// <summary>
/// Lets <see cref="Trust.Core.Licences.LicenceIssuer"/> (which records the licence, then appends
/// <c>licence.issue</c>) commit both in one transaction: the licence is held back until its audit
/// entry is appended, then both go through <see cref="TrustStore.AddWithAuditAsync"/>. A failure
/// between the two leaves the store unchanged. Everything else goes straight to the store.
/// </summary>
internal sealed class AtomicIssueStore(TrustStore store) : ILicenceStore, IAuditLog
{
    private LicenceRecord? _pending;

    public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default) =>
        store.AllocateStatusIndexAsync(statusListId, cancellationToken);

    public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(licence);
        if (_pending is not null)
        {
            throw new InvalidOperationException("a licence is already waiting for its audit entry");
        }

        _pending = licence;
        return Task.CompletedTask;
    }

    public async Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (_pending is not { } licence)
        {
            return await store.AppendAsync(action, actor, subject, details, at, cancellationToken).ConfigureAwait(false);
        }

        if (action != "licence.issue" || subject != licence.Id || at != licence.IssuedAt)
        {
            throw new InvalidOperationException("the audit entry after a licence is not its licence.issue entry");
        }

        _pending = null;
        return await store.AddWithAuditAsync(licence, actor, details, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default) =>
        store.ReadAsync(fromSequence, cancellationToken);

    public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => store.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default) =>
        store.FindByHolderAsync(holderId, typeCodes, cancellationToken);

    public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default) => store.SetStatusAsync(change, cancellationToken);

    public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default) => store.GetStatusAsync(licenceId, cancellationToken);

    public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default) =>
        store.GetStatusListAsync(statusListId, cancellationToken);
}
