using System.Collections.Concurrent;
using System.Diagnostics;
using Trust.Core.Status;

namespace Trust.Grpc.Verification;

/// <summary>
/// Licence status from the store, remembered in process for at most a bound (default 1 s, brief
/// section 9): an entry older than the bound is never served, so a revocation made on another
/// node is seen within the bound even when no message reaches this node. Changes made through
/// this node, and those announced on the Redis status channel, invalidate the entry at once.
/// Only known statuses are cached; "indeterminate" always goes back to the store.
/// </summary>
/// <remarks>
/// The age of an entry counts from before the store was asked. A read that overlaps an
/// invalidation of the same licence is returned but not remembered, so a status read just
/// before a revocation committed cannot outlive the revocation message.
/// </remarks>
internal sealed class BoundedStatusSource : ILicenceStatusSource
{
    /// <summary>Entries kept at most; the cache is emptied when it grows past this.</summary>
    internal const int MaxEntries = 200_000;

    private readonly ILicenceStatusSource _inner;
    private readonly Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, LicenceStatus>>>? _bulk;
    private readonly long _boundTicks;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _invalidations;
    private int _count;

    /// <param name="inner">Where a single status is read.</param>
    /// <param name="bound">Longest time an entry is served; zero disables caching.</param>
    /// <param name="bulk">Reads many statuses in one round trip (unknown ids absent); null: one by one through <paramref name="inner"/>.</param>
    public BoundedStatusSource(ILicenceStatusSource inner, TimeSpan bound,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, LicenceStatus>>>? bulk = null)
    {
        _inner = inner;
        _bulk = bulk;
        _boundTicks = (long)(bound.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The bound.</summary>
    public TimeSpan Bound => TimeSpan.FromSeconds((double)_boundTicks / Stopwatch.Frequency);

    public async ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default)
    {
        var now = Stopwatch.GetTimestamp();
        if (TryGetFresh(query.LicenceId, now, out var cached))
        {
            return cached;
        }

        // The time is taken before the read: the entry's age counts from before the store answered.
        var epoch = Interlocked.Read(ref _invalidations);
        var lookup = await _inner.GetStatusAsync(query, cancellationToken).ConfigureAwait(false);
        Remember(query.LicenceId, lookup, now, epoch);
        return lookup;
    }

    /// <summary>
    /// Looks up the statuses of many licences: fresh entries from memory, the rest from the store
    /// in one bulk read. <paramref name="results"/>[i] stays null where <paramref name="queries"/>[i]
    /// is null (no status needed) or where the store failed (the verdict is then indeterminate).
    /// </summary>
    public async Task GetManyAsync(IReadOnlyList<StatusQuery?> queries, StatusLookup?[] results, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        List<int>? missing = null;
        for (var i = 0; i < queries.Count; i++)
        {
            if (queries[i] is not { } query)
            {
                continue;
            }

            if (TryGetFresh(query.LicenceId, now, out var cached))
            {
                results[i] = cached;
            }
            else
            {
                (missing ??= []).Add(i);
            }
        }

        if (missing is null)
        {
            return;
        }

        var epoch = Interlocked.Read(ref _invalidations);
        if (_bulk is null || missing.Count == 1)
        {
            foreach (var i in missing)
            {
                results[i] = await TryInnerAsync(queries[i]!.Value, cancellationToken).ConfigureAwait(false);
                if (results[i] is { } one)
                {
                    Remember(queries[i]!.Value.LicenceId, one, now, epoch);
                }
            }

            return;
        }

        IReadOnlyDictionary<string, LicenceStatus> found;
        try
        {
            var ids = new string[missing.Count];
            for (var k = 0; k < ids.Length; k++)
            {
                ids[k] = queries[missing[k]]!.Value.LicenceId;
            }

            found = await _bulk(ids, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing store makes these statuses indeterminate (null), never valid.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        foreach (var i in missing)
        {
            var id = queries[i]!.Value.LicenceId;
            var lookup = found.TryGetValue(id, out var status) ? StatusLookup.Known(status) : StatusLookup.Indeterminate("status.unknown_licence");
            results[i] = lookup;
            Remember(id, lookup, now, epoch);
        }
    }

    /// <summary>Forgets the cached status of <paramref name="licenceId"/> (after a change on this or another node).</summary>
    public void Invalidate(string licenceId)
    {
        Interlocked.Increment(ref _invalidations);
        if (_entries.TryRemove(licenceId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Forgets every cached status.</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _invalidations);
        _entries.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    private bool TryGetFresh(string licenceId, long now, out StatusLookup lookup)
    {
        if (_boundTicks > 0 && _entries.TryGetValue(licenceId, out var cached) && now - cached.ReadAt < _boundTicks)
        {
            lookup = cached.Lookup;
            return true;
        }

        lookup = default;
        return false;
    }

    private void Remember(string licenceId, StatusLookup lookup, long readAt, long epoch)
    {
        if (_boundTicks <= 0 || lookup.Status is null)
        {
            return;
        }

        // The size is counted here, not read from _entries.Count: that takes every lock of the
        // dictionary, and at thousands of licences a second the verifying threads would queue
        // behind each other on it. The count is approximate under races, which a bound allows.
        var entry = new Entry(lookup, readAt);
        if (_entries.TryAdd(licenceId, entry))
        {
            if (Interlocked.Increment(ref _count) > MaxEntries)
            {
                _entries.Clear();
                Interlocked.Exchange(ref _count, 0);
            }
        }
        else
        {
            _entries[licenceId] = entry;
        }

        // An invalidation during the read: the value may predate it; do not keep it.
        if (Interlocked.Read(ref _invalidations) != epoch && _entries.TryRemove(licenceId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private async ValueTask<StatusLookup?> TryInnerAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.GetStatusAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing store makes the status indeterminate (null), never valid.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private readonly record struct Entry(StatusLookup Lookup, long ReadAt);
}
