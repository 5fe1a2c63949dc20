using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Grpc.Caching;
using Trust.Grpc.Hosting;

namespace Trust.Bench;

/// <summary>
/// What a signature-cache miss costs against the check it saves, per algorithm (issue 19, "cold never slower than no
/// cache"): <c>NoCache</c> is the content check alone (<c>Trust:Cache:Enabled=false</c>); <c>L1Miss</c> the miss path
/// of an algorithm kept in the L1 only (hash, key, L1 lookup, check, L1 entry); <c>L2Miss</c> an L1 and Redis miss
/// (plus one <c>GET</c> round trip to a local redis-server and the queued write, which that Redis refuses:
/// <c>maxmemory 1</c>, so every lookup stays a miss); <c>Policy</c> the default <c>Trust:Cache:L2Algorithms</c>.
/// The L1 never keeps an entry, so every call is a miss. Needs <c>redis-server</c> on the PATH. Runs in process (no
/// generated project to build against the server's dependencies):
/// <c>dotnet bench/Trust.Bench/bin/Release/net10.0/Trust.Bench.dll --filter '*CacheMissBenchmarks*'</c>.
/// </summary>
[Config(typeof(InProcessShortRun))]
[MemoryDiagnoser]
public class CacheMissBenchmarks
{
    private Process? _redisServer;
    private RedisLink? _redis;
    private RedisLink? _noRedis;
    private SignatureCache _noCache = null!;
    private SignatureCache _l1Miss = null!;
    private SignatureCache _l2Miss = null!;
    private SignatureCache _policy = null!;
    private ReadOnlyMemory<byte> _licence;

    /// <summary>COSE algorithm.</summary>
    [Params("SM2-SM3", "ES256", "PS256", "RS256")]
    public string Algorithm { get; set; } = "SM2-SM3";

    [GlobalSetup]
    public void Setup()
    {
        var alg = Algorithm switch
        {
            "SM2-SM3" => SignatureAlgorithm.Sm2Sm3,
            "ES256" => SignatureAlgorithm.EcdsaP256Sha256,
            "PS256" => SignatureAlgorithm.RsaPssSha256,
            _ => SignatureAlgorithm.RsaPkcs1Sha256,
        };
        var setup = LicenceBenchSetup.Create(SignatureAlgorithms.KeyAlgorithmOf(alg), alg);
        _licence = setup.Issuer.IssueAsync(LicenceBenchSetup.ExampleRequest(LicenceCatalog.Default.Get("BL"))).GetAwaiter().GetResult().Encoded;

        var port = FreePort();
        _redisServer = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory", "1", "--maxmemory-policy", "noeviction"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _redis = RedisLink.Connect($"127.0.0.1:{port}", TimeSpan.FromSeconds(1));
        for (var i = 0; i < 100 && !_redis.IsConnected; i++)
        {
            Thread.Sleep(50);
        }

        _noRedis = RedisLink.Connect("", TimeSpan.FromSeconds(1));
        var serializer = new CachedContentSerializer(new byte[32]);
        SignatureCache Cache(RedisLink redis, bool enabled, string l2) => new(new NeverKeeps(), setup.Verifier, redis,
            new TrustServerOptions.CacheOptions { Enabled = enabled, L2Algorithms = l2 }, "bench", serializer);
        _noCache = Cache(_noRedis, enabled: false, "none");
        _l1Miss = Cache(_redis, enabled: true, "none");
        _l2Miss = Cache(_redis, enabled: true, "all");
        _policy = Cache(_redis, enabled: true, SignatureCache.DefaultL2Algorithms);
        if (_l2Miss.GetAsync(_licence, default).AsTask().GetAwaiter().GetResult().Verdict != LicenceVerdict.Valid || !_redis.IsConnected)
        {
            throw new InvalidOperationException("setup: the licence is not valid or redis-server did not start");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var cache in new[] { _noCache, _l1Miss, _l2Miss, _policy })
        {
            cache?.Dispose();
        }

        _redis?.Dispose();
        _noRedis?.Dispose();
        if (_redisServer is { HasExited: false })
        {
            _redisServer.Kill();
            _redisServer.WaitForExit();
        }

        _redisServer?.Dispose();
    }

    /// <summary>The check alone.</summary>
    [Benchmark(Baseline = true)]
    public LicenceVerdict NoCache() => _noCache.GetAsync(_licence, default).AsTask().GetAwaiter().GetResult().Verdict;

    /// <summary>A miss of an algorithm kept in the L1 only.</summary>
    [Benchmark]
    public LicenceVerdict L1Miss() => _l1Miss.GetAsync(_licence, default).AsTask().GetAwaiter().GetResult().Verdict;

    /// <summary>A miss in the L1 and in Redis.</summary>
    [Benchmark]
    public LicenceVerdict L2Miss() => _l2Miss.GetAsync(_licence, default).AsTask().GetAwaiter().GetResult().Verdict;

    /// <summary>A miss under the default policy (RS256/PS256: L1 only; SM2, ES256: L1 and Redis).</summary>
    [Benchmark]
    public LicenceVerdict Policy() => _policy.GetAsync(_licence, default).AsTask().GetAwaiter().GetResult().Verdict;

    /// <summary>The short job (3 warm-up and 3 measured iterations), in process.</summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An L1 that never keeps an entry: every lookup is a miss, every store is thrown away.</summary>
    private sealed class NeverKeeps : IMemoryCache
    {
        public ICacheEntry CreateEntry(object key) => new Entry(key);

        public void Dispose()
        {
        }

        public void Remove(object key)
        {
        }

        public bool TryGetValue(object key, out object? value)
        {
            value = null;
            return false;
        }

        private sealed class Entry(object key) : ICacheEntry
        {
            public object Key { get; } = key;

            public object? Value { get; set; }

            public DateTimeOffset? AbsoluteExpiration { get; set; }

            public TimeSpan? AbsoluteExpirationRelativeToNow { get; set; }

            public TimeSpan? SlidingExpiration { get; set; }

            public IList<IChangeToken> ExpirationTokens { get; } = [];

            public IList<PostEvictionCallbackRegistration> PostEvictionCallbacks { get; } = [];

            public CacheItemPriority Priority { get; set; }

            public long? Size { get; set; }

            public void Dispose()
            {
            }
        }
    }
}
