using Trust.Grpc.Caching;

namespace Trust.Grpc.Hosting;

/// <summary>Caching settings of the server (<c>Trust:Cache:*</c>) and the SM2 engine (<c>Trust:Sm2Engine</c>).</summary>
internal sealed partial class TrustServerOptions
{
    /// <summary>The <c>Trust:Cache</c> section.</summary>
    public CacheOptions Cache { get; set; } = new();

    /// <summary>SM2 engine for verification: <c>Fast</c> (default) or <c>BouncyCastle</c>.</summary>
    public string Sm2Engine { get; set; } = "Fast";

    /// <summary>How signature checks are remembered and where (see src/Trust.Grpc/README.md, "Caching").</summary>
    internal sealed class CacheOptions
    {
        /// <summary>StackExchange.Redis configuration string of the shared L2 cache and revocation channel; empty: in-process only.</summary>
        public string Redis { get; set; } = "";

        /// <summary>Whether the in-process L1 is used (false: every lookup goes to Redis, the "Redis L2 only" benchmark mode).</summary>
        public bool L1 { get; set; } = true;

        /// <summary>Whether signature checks are remembered at all (false: every licence is fully verified, the "naive" baseline).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>How long a valid signature check stays in Redis, in minutes (default one day; the in-process copy at most an hour).</summary>
        public int SignatureTtlMinutes { get; set; } = 1_440;

        /// <summary>
        /// Most entries of the in-process L1 (default 100,000; see src/Trust.Grpc/README.md for the memory this implies).
        /// A full L1 drops 5 % of its entries, least recently used first; those licences are then read from Redis or verified in full again.
        /// </summary>
        public long L1MaxEntries { get; set; } = 100_000;

        /// <summary>Longest wait for one Redis operation, in milliseconds; a slower Redis counts as a miss.</summary>
        public int RedisTimeoutMilliseconds { get; set; } = 250;

        /// <summary>
        /// The signature algorithms whose checks also use Redis (L2 lookup on an L1 miss, write behind on a new valid
        /// check): comma-separated names (<c>SM2-SM3</c>, <c>ECDSA-P256-SHA256</c>, <c>RSA-SHA256</c>,
        /// <c>RSA-PSS-SHA256</c>), <c>all</c> or <c>none</c>. Default <c>SM2-SM3,ECDSA-P256-SHA256</c>: an RSA check
        /// costs less than a Redis round trip, so RS256 and PS256 licences are remembered in the L1 only
        /// (see src/Trust.Grpc/README.md, "Skip caching what is cheaper to recompute").
        /// </summary>
        public string L2Algorithms { get; set; } = SignatureCache.DefaultL2Algorithms;
    }
}
