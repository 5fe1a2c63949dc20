using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Hybrid;
using Trust.Core.Licences;
using Trust.Grpc.Hosting;
using Trust.Grpc.Telemetry;

namespace Trust.Grpc.Caching;

/// <summary>
/// Remembers valid content checks (signature, chain at issue time, schema; see
/// <see cref="LicenceContentCheck"/>) in HybridCache: L1 in process, L2 in Redis when configured.
/// Key: <see cref="KeyFor"/> = SHA-256 of the licence bytes, the trust store fingerprint and the
/// verifier's trust store version. Such a check is a pure function of those, so it is safe to
/// remember for long; the per-request checks (time and status) are never cached here.
/// Invalid and untrusted outcomes are not remembered: they would let anyone fill memory with
/// garbage, and "untrusted" can turn trusted (a CRL dated slightly in the future becomes current).
/// </summary>
internal sealed class SignatureCache
{
    /// <summary>Prefix of every key (bump the version when the cached format changes).</summary>
    internal const string KeyPrefix = "trust:v1:sig:";

    /// <summary>Missing items per extra thread-pool helper of a batch (a check costs about 0.1 ms).</summary>
    private const int ItemsPerHelper = 8;

    private readonly HybridCache _cache;
    private readonly LicenceVerifier _verifier;
    private readonly RedisLink _redis;
    private readonly string _trustFingerprint;
    private readonly bool _enabled;
    private readonly bool _l1;
    private readonly HybridCacheEntryFlags _flags;
    private readonly HybridCacheEntryOptions _writeOptions;
    private readonly HybridCacheEntryOptions _readConnected;
    private readonly HybridCacheEntryOptions _readDisconnected;
    private readonly HybridCacheEntryOptions _writeDisconnected;

    public SignatureCache(HybridCache cache, LicenceVerifier verifier, RedisLink redis, TrustServerOptions.CacheOptions options, string trustFingerprint)
    {
        _cache = cache;
        _verifier = verifier;
        _redis = redis;
        _trustFingerprint = trustFingerprint;
        _enabled = options.Enabled;
        _l1 = options.L1;
        _flags = options.L1 ? HybridCacheEntryFlags.None : HybridCacheEntryFlags.DisableLocalCache;
        var ttl = TimeSpan.FromMinutes(Math.Max(1, options.SignatureTtlMinutes));
        var local = ttl < TimeSpan.FromHours(1) ? ttl : TimeSpan.FromHours(1);
        _writeOptions = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = local, Flags = _flags, LocalSize = 1 };
        _writeDisconnected = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = local, Flags = _flags | HybridCacheEntryFlags.DisableDistributedCache, LocalSize = 1 };
        _readConnected = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = local, LocalSize = 1, Flags = _flags | HybridCacheEntryFlags.DisableUnderlyingData };
        _readDisconnected = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = local, LocalSize = 1, Flags = _flags | HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableDistributedCache };
    }

    /// <summary>
    /// The cache key of <paramref name="licence"/>: prefix, trust store fingerprint, trust store
    /// version and the SHA-256 of the bytes (hex).
    /// </summary>
    internal static string KeyFor(ReadOnlySpan<byte> licence, string trustFingerprint, long trustVersion, Span<byte> hash)
    {
        SHA256.HashData(licence, hash);
        return string.Concat(KeyPrefix, trustFingerprint, ":", trustVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ":", Convert.ToHexStringLower(hash));
    }

    /// <summary>The content check of one licence: remembered, or computed (and remembered when valid).</summary>
    public async ValueTask<LicenceContentCheck> GetAsync(ReadOnlyMemory<byte> licence, CancellationToken cancellationToken)
    {
        if (!_enabled || licence.IsEmpty || licence.Length > SignedLicence.MaxBytes)
        {
            return _verifier.CheckContent(licence);
        }

        var hash = new byte[32];
        var key = KeyFor(licence.Span, _trustFingerprint, _verifier.TrustStoreVersion, hash);
        var found = await LookUpAsync(key, hash, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        var check = _verifier.CheckContent(licence);
        Remember(key, hash, check);
        return check;
    }

    /// <summary>The content checks of many licences, in order; misses are computed on all cores.</summary>
    public async Task<LicenceContentCheck[]> GetManyAsync(IReadOnlyList<ReadOnlyMemory<byte>> licences, CancellationToken cancellationToken)
    {
        var count = licences.Count;
        var results = new LicenceContentCheck[count];
        if (!_enabled)
        {
            await ComputeAllAsync(licences, results, null, null, cancellationToken).ConfigureAwait(false);
            return results;
        }

        var keys = new string?[count];
        var hashes = new byte[count][];
        var version = _verifier.TrustStoreVersion;
        List<Task>? pending = null;
        var anyMissing = false;
        for (var i = 0; i < count; i++)
        {
            var licence = licences[i];
            if (licence.IsEmpty || licence.Length > SignedLicence.MaxBytes)
            {
                anyMissing = true;
                continue;
            }

            hashes[i] = new byte[32];
            keys[i] = KeyFor(licence.Span, _trustFingerprint, version, hashes[i]);
            var lookup = LookUpAsync(keys[i]!, hashes[i], cancellationToken);
            if (lookup.IsCompletedSuccessfully)
            {
                var hit = lookup.Result;
                anyMissing |= hit is null;
                if (hit is not null)
                {
                    results[i] = hit;
                }
            }
            else
            {
                var index = i;
                (pending ??= []).Add(CompleteLookupAsync(lookup, results, index));
            }
        }

        if (pending is not null)
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
            anyMissing = true;
        }

        if (anyMissing)
        {
            await ComputeAllAsync(licences, results, keys, hashes, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private static async Task CompleteLookupAsync(ValueTask<LicenceContentCheck?> lookup, LicenceContentCheck[] results, int index)
    {
        if (await lookup.ConfigureAwait(false) is { } hit)
        {
            results[index] = hit;
        }
    }

    /// <summary>
    /// Computes the missing entries (nulls) of <paramref name="results"/> and remembers the valid
    /// ones. The calling thread works through the list, and up to one helper per further core,
    /// queued on the thread pool, takes items from the same counter. Nothing blocks: when the pool
    /// is busy with other requests the helpers start late, find the list done and leave, so a
    /// loaded server spends its cores on signatures rather than on waiting threads.
    /// </summary>
    private async Task ComputeAllAsync(IReadOnlyList<ReadOnlyMemory<byte>> licences, LicenceContentCheck[] results, string?[]? keys, byte[][]? hashes, CancellationToken cancellationToken)
    {
        var missing = new List<int>();
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is null)
            {
                missing.Add(i);
            }
        }

        var next = -1;
        void Drain()
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < missing.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var i = missing[k];
                results[i] = _verifier.CheckContent(licences[i]);
                if (keys?[i] is { } key)
                {
                    Remember(key, hashes![i], results[i]);
                }
            }
        }

        var helpers = Math.Min(Environment.ProcessorCount - 1, (missing.Count / ItemsPerHelper) - 1);
        Task[]? running = null;
        if (helpers > 0)
        {
            running = new Task[helpers];
            for (var h = 0; h < helpers; h++)
            {
                running[h] = Task.Run(Drain, cancellationToken);
            }
        }

        Drain();
        if (running is not null)
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async ValueTask<LicenceContentCheck?> LookUpAsync(string key, byte[] hash, CancellationToken cancellationToken)
    {
        var options = _redis.IsConnected ? _readConnected : _readDisconnected;
        var pending = _cache.GetOrCreateAsync<CachedContent?>(key, static _ => ValueTask.FromResult<CachedContent?>(null), options, null, cancellationToken);
        var entry = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);

        // The hash inside the (authenticated) entry must be this licence's: never trust the key alone.
        var check = entry is not null && CryptographicOperations.FixedTimeEquals(entry.BytesHash, hash) ? entry.Check : null;

        // HybridCache does not say which level answered: the level tag says which levels were asked.
        var level = _redis.IsConnected ? (_l1 ? "l1+l2" : "l2") : "l1";
        if (check is null)
        {
            TrustMetrics.CacheMiss("signature", level);
        }
        else
        {
            TrustMetrics.CacheHit("signature", level);
        }

        return check;
    }

    private void Remember(string key, byte[] hash, LicenceContentCheck check)
    {
        if (check.Verdict != LicenceVerdict.Valid)
        {
            return;
        }

        // Not awaited: the L2 write must never hold up the answer (HybridCache logs a failed write).
        var write = _cache.SetAsync<CachedContent?>(key, new CachedContent(hash, check), _redis.IsConnected ? _writeOptions : _writeDisconnected);
        if (!write.IsCompleted)
        {
            _ = write.AsTask().ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
