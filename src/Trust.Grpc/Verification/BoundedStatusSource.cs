using System.Collections.Concurrent;
using System.Diagnostics;
using Trust.Core.Status;

namespace Trust.Grpc.Verification;

/// <summary>
/// Licence status from the store, remembered in process for at most a bound (default 1 s, brief
/// section 9): an entry older than the bound is never served, so a revocation made on another
/// node is seen within the bound. Changes made through this node invalidate the entry at once.
/// Only known statuses are cached; "indeterminate" always goes back to the store.
/// </summary>
internal sealed class BoundedStatusSource : ILicenceStatusSource
{
    /// <summary>Entries kept at most; the cache is emptied when it grows past this.</summary>
    internal const int MaxEntries = 200_000;

    private readonly ILicenceStatusSource _inner;
    private readonly long _boundTicks;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public BoundedStatusSource(ILicenceStatusSource inner, TimeSpan bound)
    {
        _inner = inner;
        _boundTicks = (long)(bound.TotalSeconds * Stopwatch.Frequency);
    }

    public async ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default)
    {
        var now = Stopwatch.GetTimestamp();
        if (_boundTicks > 0 && _entries.TryGetValue(query.LicenceId, out var cached) && now - cached.ReadAt < _boundTicks)
        {
            return cached.Lookup;
        }

        // The time is taken before the read: the entry's age counts from before the store answered.
        var lookup = await _inner.GetStatusAsync(query, cancellationToken).ConfigureAwait(false);
        if (_boundTicks > 0 && lookup.Status is not null)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[query.LicenceId] = new Entry(lookup, now);
        }

        return lookup;
    }

    /// <summary>Forgets the cached status of <paramref name="licenceId"/> (after a change on this node).</summary>
    public void Invalidate(string licenceId) => _entries.TryRemove(licenceId, out _);

    private readonly record struct Entry(StatusLookup Lookup, long ReadAt);
}
