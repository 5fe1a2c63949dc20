using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Grpc.Hosting;
using Trust.Grpc.Telemetry;

namespace Trust.Grpc.Caching;

/// <summary>
/// Remembers valid content checks (signature, chain at issue time, schema; see
/// <see cref="LicenceContentCheck"/>): L1 in process (the server's bounded <see cref="IMemoryCache"/>),
/// L2 in Redis when configured.
/// Key: <see cref="KeyFor"/> = SHA-256 of the licence bytes, the trust store fingerprint and the
/// verifier's trust store version. Such a check is a pure function of those, so it is safe to
/// remember for long; the per-request checks (time and status) are never cached here.
/// Invalid and untrusted outcomes are not remembered: they would let anyone fill memory with
/// garbage, and "untrusted" can turn trusted (a CRL dated slightly in the future becomes current).
/// </summary>
/// <remarks>
/// The miss path is kept cheaper than the checks it saves (issue 19, "cold never slower than no
/// cache"): an L1 lookup is one dictionary read; the L1 misses of a batch go to Redis in one
/// <c>MGET</c>; a new valid check goes into the L1 at once and into Redis <em>behind</em> the
/// response (a bounded queue drained by one background loop, which also computes the HMAC tag).
/// No stampede protection: two requests that miss the same licence at once both verify it, which
/// is what a pure check allows and costs less than coordinating them (HybridCache, used here
/// before, queued a thread-pool work item per miss for that).
/// </remarks>
internal sealed class SignatureCache : IDisposable
{
    /// <summary>Prefix of every key (bump the version when the cached format changes).</summary>
    internal const string KeyPrefix = "trust:v1:sig:";

    /// <summary>Most L2 writes waiting in the write-behind queue; more are dropped (the licence is simply not in L2).</summary>
    internal const int WriteQueueCapacity = 20_000;

    /// <summary>The default of <c>Trust:Cache:L2Algorithms</c>: the algorithms whose check costs more than a Redis round trip.</summary>
    internal const string DefaultL2Algorithms = "SM2-SM3,ECDSA-P256-SHA256";

    /// <summary>Missing items per extra thread-pool helper of a batch (a check costs about 0.1 ms).</summary>
    private const int ItemsPerHelper = 8;

    private readonly IMemoryCache? _l1;
    private readonly LicenceVerifier _verifier;
    private readonly RedisLink _redis;
    private readonly CachedContentSerializer _serializer;
    private readonly string _trustFingerprint;
    private readonly bool _enabled;
    private readonly TimeSpan _ttl;
    private readonly MemoryCacheEntryOptions _l1Options;
    private readonly Channel<PendingWrite> _writes;
    private readonly Task _writer;
    private readonly IReadOnlySet<SignatureAlgorithm>? _l2Algorithms;

    public SignatureCache(IMemoryCache l1, LicenceVerifier verifier, RedisLink redis, TrustServerOptions.CacheOptions options, string trustFingerprint, CachedContentSerializer serializer)
    {
        _l1 = options.L1 ? l1 : null;
        _verifier = verifier;
        _redis = redis;
        _serializer = serializer;
        _trustFingerprint = trustFingerprint;
        _enabled = options.Enabled;
        _l2Algorithms = ParseL2Algorithms(options.L2Algorithms);
        _ttl = TimeSpan.FromMinutes(Math.Max(1, options.SignatureTtlMinutes));
        var local = _ttl < TimeSpan.FromHours(1) ? _ttl : TimeSpan.FromHours(1);
        _l1Options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = local, Size = 1 };
        _writes = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(WriteQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = redis.IsConfigured && _enabled ? Task.Run(WriteBehindAsync) : Task.CompletedTask;
    }

    /// <summary>
    /// The algorithms of <c>Trust:Cache:L2Algorithms</c>: null for <c>all</c>, empty for <c>none</c>, the default when empty.
    /// </summary>
    /// <exception cref="FormatException">A name is not a signature algorithm (the message names it).</exception>
    internal static IReadOnlySet<SignatureAlgorithm>? ParseL2Algorithms(string? value)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            text = DefaultL2Algorithms;
        }

        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var set = new HashSet<SignatureAlgorithm>();
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return set;
        }

        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!SignatureAlgorithms.TryParse(name, out var algorithm))
            {
                throw new FormatException($"'{name}' is not a signature algorithm");
            }

            set.Add(algorithm);
        }

        return set.Count == 0 ? throw new FormatException("no algorithm named") : set;
    }

    /// <summary>Whether the check of <paramref name="licence"/> uses Redis: its algorithm (peeked, nothing verified) is in <c>Trust:Cache:L2Algorithms</c>.</summary>
    internal bool UsesL2(ReadOnlyMemory<byte> licence) =>
        _l2Algorithms is null || (_l2Algorithms.Count > 0 && SignedLicence.TryPeekAlgorithm(licence, out var algorithm) && _l2Algorithms.Contains(algorithm));

    /// <summary>L2 writes queued and not yet handed to Redis (tests wait for it to reach 0).</summary>
    internal int PendingWrites => _writes.Reader.Count;

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
        if (FromL1(key, hash) is { } local)
        {
            TrustMetrics.CacheHit("signature", "l1");
            return local;
        }

        var l2 = _redis.IsConnected && UsesL2(licence);
        if (l2)
        {
            var found = await FromL2Async([key], [hash], cancellationToken).ConfigureAwait(false);
            if (found[0] is { } remote)
            {
                TrustMetrics.CacheHit("signature", "l2");
                return remote;
            }
        }

        TrustMetrics.CacheMiss("signature", MissLevel(l2));
        var check = _verifier.CheckContent(licence);
        Remember(key, hash, check, l2);
        return check;
    }

    /// <summary>The content checks of many licences, in order; misses are computed on all cores.</summary>
    public async Task<LicenceContentCheck[]> GetManyAsync(IReadOnlyList<ReadOnlyMemory<byte>> licences, CancellationToken cancellationToken)
    {
        var count = licences.Count;
        var results = new LicenceContentCheck[count];
        if (!_enabled)
        {
            await ComputeAllAsync(licences, results, null, null, null, cancellationToken).ConfigureAwait(false);
            return results;
        }

        var keys = new string?[count];
        var hashes = new byte[count][];
        var useL2 = new bool[count];
        var version = _verifier.TrustStoreVersion;
        var l1Hits = 0;
        List<int>? missing = null;
        for (var i = 0; i < count; i++)
        {
            var licence = licences[i];
            if (licence.IsEmpty || licence.Length > SignedLicence.MaxBytes)
            {
                continue;
            }

            hashes[i] = new byte[32];
            var key = keys[i] = KeyFor(licence.Span, _trustFingerprint, version, hashes[i]);
            if (FromL1(key, hashes[i]) is { } hit)
            {
                results[i] = hit;
                l1Hits++;
            }
            else
            {
                (missing ??= []).Add(i);
            }
        }

        var l2Hits = 0;
        var l1OnlyMisses = 0;
        if (missing is not null && _redis.IsConnected)
        {
            // Only the algorithms worth a round trip go to Redis; the others are recomputed (issue 19).
            var asked = new List<int>(missing.Count);
            foreach (var i in missing)
            {
                if (useL2[i] = UsesL2(licences[i]))
                {
                    asked.Add(i);
                }
            }

            l1OnlyMisses = missing.Count - asked.Count;
            if (asked.Count > 0)
            {
                var found = await FromL2Async(asked.ConvertAll(i => keys[i]!), asked.ConvertAll(i => hashes[i]), cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < found.Length; k++)
                {
                    if (found[k] is { } hit)
                    {
                        results[asked[k]] = hit;
                        l2Hits++;
                    }
                }
            }
        }

        var misses = (missing?.Count ?? 0) - l2Hits - l1OnlyMisses;
        if (l1Hits > 0)
        {
            TrustMetrics.CacheHit("signature", "l1", l1Hits);
        }

        if (l2Hits > 0)
        {
            TrustMetrics.CacheHit("signature", "l2", l2Hits);
        }

        if (misses > 0)
        {
            TrustMetrics.CacheMiss("signature", MissLevel(_redis.IsConnected), misses);
        }

        if (l1OnlyMisses > 0)
        {
            TrustMetrics.CacheMiss("signature", MissLevel(false), l1OnlyMisses);
        }

        if (l1Hits + l2Hits < count)
        {
            await ComputeAllAsync(licences, results, keys, hashes, useL2, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Stops the write-behind loop after the queued writes are handed to Redis (at most 2 s).</summary>
    public void Dispose()
    {
        _writes.Writer.TryComplete();
        try
        {
            _writer.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop logs nothing and never throws on purpose; a fault here has nothing left to do.
        }
    }

    /// <summary>Which levels a miss has asked: the L1 and Redis, one of them, or (L1 off and Redis away or not asked) none.</summary>
    private string MissLevel(bool askedL2) => (_l1 is not null, askedL2) switch
    {
        (true, true) => "l1+l2",
        (false, true) => "l2",
        _ => "l1",
    };

    private LicenceContentCheck? FromL1(string key, byte[] hash)
    {
        // The hash inside the entry must be this licence's: never trust the key alone.
        return _l1 is not null && _l1.TryGetValue(key, out var value) && value is CachedContent entry && CryptographicOperations.FixedTimeEquals(entry.BytesHash, hash)
            ? entry.Check
            : null;
    }

    /// <summary>
    /// One <c>MGET</c> for all <paramref name="keys"/>; entries that authenticate and belong to
    /// their licence go into the L1 too. Redis errors and timeouts read as misses.
    /// </summary>
    private async Task<LicenceContentCheck?[]> FromL2Async(IReadOnlyList<string> keys, IReadOnlyList<byte[]> hashes, CancellationToken cancellationToken)
    {
        var found = new LicenceContentCheck?[keys.Count];
        var database = _redis.Multiplexer!.GetDatabase();
        RedisValue[] values;
        try
        {
            var redisKeys = new RedisKey[keys.Count];
            for (var k = 0; k < redisKeys.Length; k++)
            {
                redisKeys[k] = keys[k];
            }

            values = await database.StringGetAsync(redisKeys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return found;
        }

        for (var k = 0; k < values.Length && k < found.Length; k++)
        {
            if (values[k].IsNullOrEmpty)
            {
                continue;
            }

            var entry = _serializer.Deserialize(new ReadOnlySequence<byte>((ReadOnlyMemory<byte>)values[k]));
            if (entry is not null && CryptographicOperations.FixedTimeEquals(entry.BytesHash, hashes[k]))
            {
                found[k] = entry.Check;
                _l1?.Set(keys[k], entry, _l1Options);
            }
        }

        return found;
    }

    /// <summary>
    /// Computes the missing entries (nulls) of <paramref name="results"/> and remembers the valid
    /// ones. The calling thread works through the list, and up to one helper per further core,
    /// queued on the thread pool, takes items from the same counter. Nothing blocks: when the pool
    /// is busy with other requests the helpers start late, find the list done and leave, so a
    /// loaded server spends its cores on signatures rather than on waiting threads.
    /// </summary>
    private async Task ComputeAllAsync(IReadOnlyList<ReadOnlyMemory<byte>> licences, LicenceContentCheck[] results, string?[]? keys, byte[][]? hashes, bool[]? useL2, CancellationToken cancellationToken)
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
                    Remember(key, hashes![i], results[i], useL2?[i] ?? false);
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

    /// <summary>A valid check goes into the L1 now and, when its algorithm uses Redis (<paramref name="l2"/>), into Redis behind the response.</summary>
    private void Remember(string key, byte[] hash, LicenceContentCheck check, bool l2)
    {
        if (check.Verdict != LicenceVerdict.Valid)
        {
            return;
        }

        var entry = new CachedContent(hash, check);
        _l1?.Set(key, entry, _l1Options);
        if (l2 && _redis.IsConnected)
        {
            _writes.Writer.TryWrite(new PendingWrite(key, entry));
        }
    }

    /// <summary>
    /// The write-behind loop: serialises (HMAC tag included) and hands each entry to Redis
    /// without waiting for the reply (StackExchange.Redis pipelines them on its connection). A
    /// failed or dropped write only means the entry is not in L2.
    /// </summary>
    private async Task WriteBehindAsync()
    {
        // A fresh array per entry: a fire-and-forget command may be written to the socket after StringSet returns.
        var buffer = new ArrayBufferWriter<byte>(1024);
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var write))
            {
                if (_redis.Multiplexer is not { IsConnected: true } multiplexer)
                {
                    continue;
                }

                try
                {
                    buffer.ResetWrittenCount();
                    _serializer.Serialize(write.Entry, buffer);
                    multiplexer.GetDatabase().StringSet(write.Key, buffer.WrittenSpan.ToArray(), _ttl, flags: CommandFlags.FireAndForget);
                }
                catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
                {
                    // Not in L2 then; the next node to miss it verifies it in full.
                }
            }
        }
    }

    private readonly record struct PendingWrite(string Key, CachedContent Entry);
}
