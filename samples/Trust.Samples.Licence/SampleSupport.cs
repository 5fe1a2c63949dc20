using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Samples.Licence;

/// <summary>
/// Stand-ins that keep the sample self-contained. A real system uses the SQLite or PostgreSQL
/// store and audit log of Trust.Storage.
/// </summary>
public static class SampleSupport
{
    /// <summary>Licences and statuses in memory.</summary>
    public sealed class InMemoryLicenceStore : ILicenceStore
    {
        private readonly ConcurrentDictionary<string, long> _counters = new();
        private readonly ConcurrentDictionary<string, LicenceRecord> _licences = new();
        private readonly ConcurrentDictionary<string, LicenceStatus> _status = new();

        /// <inheritdoc />
        public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default) =>
            Task.FromResult(_counters.AddOrUpdate(statusListId, 0, (_, v) => v + 1));

        /// <inheritdoc />
        public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(licence);
            _licences[licence.Id] = licence;
            _status[licence.Id] = LicenceStatus.Valid;
            return Task.CompletedTask;
        }

        /// <inheritdoc />
        public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(_licences.GetValueOrDefault(id));

        /// <inheritdoc />
        public Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LicenceRecord>>(_licences.Values.Where(l => l.HolderId == holderId).ToList());

        /// <inheritdoc />
        public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(change);
            return Task.FromResult(_status.TryGetValue(change.LicenceId, out var s) && s != LicenceStatus.Revoked && _status.TryUpdate(change.LicenceId, change.Status, s));
        }

        /// <inheritdoc />
        public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default) =>
            Task.FromResult(_status.TryGetValue(licenceId, out var s) ? s : (LicenceStatus?)null);

        /// <inheritdoc />
        public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<long, LicenceStatus>>(_licences.Values
                .Where(l => l.StatusListId == statusListId && _status[l.Id] != LicenceStatus.Valid)
                .ToDictionary(l => l.StatusIndex, l => _status[l.Id]));
    }

    /// <summary>An audit log that keeps entries in memory (no hash chain checks).</summary>
    public sealed class InMemoryAuditLog : IAuditLog
    {
        private readonly ConcurrentQueue<AuditEntry> _entries = new();

        /// <inheritdoc />
        public Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
        {
            var entry = new AuditEntry(_entries.Count + 1, at, action, actor, subject, details, new byte[32], new byte[32]);
            _entries.Enqueue(entry);
            return Task.FromResult(entry);
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var entry in _entries.Where(e => e.Sequence >= fromSequence))
            {
                await Task.Yield();
                yield return entry;
            }
        }
    }
}
