using System.Collections.Concurrent;

namespace Trust.Core.Status;

/// <summary>
/// Answers status queries from signed <see cref="StatusList"/>s, for verifiers that are offline.
/// A list that is missing, of another issuer, or no longer fresh (past issued at + ttl) gives an
/// indeterminate answer, never valid.
/// </summary>
public sealed class StatusListStatusSource : ILicenceStatusSource
{
    private readonly ConcurrentDictionary<string, StatusList> _lists = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty source; add verified lists with <see cref="Add"/>.</summary>
    /// <param name="timeProvider">Clock used for freshness; the system clock when null.</param>
    public StatusListStatusSource(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Adds a verified list, replacing an older one with the same id (a newer one is kept).</summary>
    public void Add(StatusList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        _lists.AddOrUpdate(list.ListId, list, (_, existing) => existing.IssuedAt > list.IssuedAt ? existing : list);
    }

    /// <inheritdoc />
    public ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default)
    {
        if (!_lists.TryGetValue(query.StatusListId, out var list))
        {
            return ValueTask.FromResult(StatusLookup.Indeterminate("status.list_missing"));
        }

        if (!string.Equals(list.Issuer, query.IssuerDepartment, StringComparison.Ordinal))
        {
            return ValueTask.FromResult(StatusLookup.Indeterminate("status.list_issuer_mismatch"));
        }

        if (!list.IsFreshAt(_time.GetUtcNow()))
        {
            return ValueTask.FromResult(StatusLookup.Indeterminate("status.list_expired"));
        }

        return query.StatusIndex < 0
            ? ValueTask.FromResult(StatusLookup.Indeterminate("status.bad_index"))
            : ValueTask.FromResult(StatusLookup.Known(list.GetStatus(query.StatusIndex)));
    }
}
