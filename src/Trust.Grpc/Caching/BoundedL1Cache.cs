using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Trust.Grpc.Telemetry;

namespace Trust.Grpc.Caching;

/// <summary>
/// The server's <see cref="IMemoryCache"/>, the L1 of the <see cref="SignatureCache"/>: a <see cref="MemoryCache"/> whose
/// size limit is <c>Trust:Cache:L1MaxEntries</c> and where every entry has size 1, whatever its creator sets
/// (callers such as HybridCache size some entries by their payload bytes and leave others unsized, and an unsized entry in a
/// size-limited <see cref="MemoryCache"/> throws). So the limit counts entries, for every user of the cache. When
/// the cache is full a new entry is not kept and a compaction removes <see cref="CompactionPercentage"/> of the
/// entries (the least recently used first) in the background: the L1 never holds more than the limit.
/// </summary>
internal sealed class BoundedL1Cache : IMemoryCache
{
    /// <summary>Share of the entries removed when the limit is reached.</summary>
    public const double CompactionPercentage = 0.05;

    /// <summary>Name of the gauge of the entry count on the Trust meter (tag <c>trust.cache.l1.limit</c>: the limit).</summary>
    public const string EntriesGauge = "trust.cache.l1.entries";

    private readonly MemoryCache _inner;
    private volatile bool _disposed;

    public BoundedL1Cache(long maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        _inner = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxEntries, CompactionPercentage = CompactionPercentage, TrackStatistics = true });
    }

    /// <summary>The limit.</summary>
    public long MaxEntries { get; }

    /// <summary>Entries held now (at most <see cref="MaxEntries"/>).</summary>
    public int Count => _inner.Count;

    public ICacheEntry CreateEntry(object key) => new UnitSizeEntry(_inner.CreateEntry(key));

    public void Remove(object key) => _inner.Remove(key);

    public bool TryGetValue(object key, out object? value) => _inner.TryGetValue(key, out value);

    public void Dispose()
    {
        _disposed = true;
        _inner.Dispose();
    }

    /// <summary>A cache whose entry count is published as the gauge <see cref="EntriesGauge"/> on the Trust meter.</summary>
    public static BoundedL1Cache CreateObserved(long maxEntries)
    {
        var l1 = new BoundedL1Cache(maxEntries);
        TrustMetrics.Meter.CreateObservableGauge(
            EntriesGauge,
            () => new Measurement<long>(l1._disposed ? 0 : l1.Count, new KeyValuePair<string, object?>("trust.cache.l1.limit", maxEntries)),
            "{entry}",
            "Entries in the in-process L1 cache (at most Trust:Cache:L1MaxEntries)");
        return l1;
    }

    /// <summary>An entry whose size is always 1 (the entry count is what the limit bounds).</summary>
    private sealed class UnitSizeEntry : ICacheEntry
    {
        private readonly ICacheEntry _entry;

        public UnitSizeEntry(ICacheEntry entry)
        {
            _entry = entry;
            _entry.Size = 1;
        }

        public object Key => _entry.Key;

        public object? Value { get => _entry.Value; set => _entry.Value = value; }

        public DateTimeOffset? AbsoluteExpiration { get => _entry.AbsoluteExpiration; set => _entry.AbsoluteExpiration = value; }

        public TimeSpan? AbsoluteExpirationRelativeToNow { get => _entry.AbsoluteExpirationRelativeToNow; set => _entry.AbsoluteExpirationRelativeToNow = value; }

        public TimeSpan? SlidingExpiration { get => _entry.SlidingExpiration; set => _entry.SlidingExpiration = value; }

        public IList<IChangeToken> ExpirationTokens => _entry.ExpirationTokens;

        public IList<PostEvictionCallbackRegistration> PostEvictionCallbacks => _entry.PostEvictionCallbacks;

        public CacheItemPriority Priority { get => _entry.Priority; set => _entry.Priority = value; }

        /// <summary>Always 1; what a creator sets is ignored.</summary>
        public long? Size
        {
            get => 1;
            set { }
        }

        public void Dispose() => _entry.Dispose();
    }
}
