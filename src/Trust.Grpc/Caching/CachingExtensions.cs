using System.Security.Cryptography;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Core.Status;
using Trust.Grpc.Hosting;
using Trust.Grpc.Verification;
using Trust.Storage;

namespace Trust.Grpc.Caching;

/// <summary>Wires verification, caching, Redis and the status channel into the server (one call from Program.cs).</summary>
internal static class CachingExtensions
{
    /// <summary>
    /// Registers the SM2 engine choice, the <see cref="LicenceVerifier"/>, the bounded status
    /// source, the signature cache (L1 in process, L2 Redis when <c>Trust:Cache:Redis</c> is set), the
    /// status channel and the <c>redis</c> health check.
    /// </summary>
    public static WebApplicationBuilder AddTrustCaching(this WebApplicationBuilder builder, TrustServerOptions options, TrustBootstrap boot, TrustStore store)
    {
        var cache = options.Cache;
        Sm2Engines.Use(string.Equals(options.Sm2Engine, "BouncyCastle", StringComparison.OrdinalIgnoreCase) ? Sm2EngineKind.BouncyCastle : Sm2EngineKind.Fast);

        var redis = RedisLink.Connect(cache.Redis, TimeSpan.FromMilliseconds(cache.RedisTimeoutMilliseconds));
        var status = new BoundedStatusSource(new StoreStatusSource(store), TimeSpan.FromMilliseconds(options.StatusBoundMilliseconds), store.GetStatusesAsync);
        var verifier = new LicenceVerifier(boot.Validator, status, limits: options.Verification.Licence);
        var services = builder.Services;
        services.AddSingleton(redis);
        services.AddSingleton(status);
        services.AddSingleton(verifier);
        services.AddSingleton<StatusChannel>();

        // The L1 of the signature cache: bounded by entry count (the server's one IMemoryCache).
        services.AddSingleton<Microsoft.Extensions.Caching.Memory.IMemoryCache>(_ => BoundedL1Cache.CreateObserved(cache.L1MaxEntries));
        var serializer = new CachedContentSerializer(MacKey(DevelopmentPki.ResolvePassphrase()));
        var fingerprint = TrustFingerprint(boot.PkiDirectory, verifier.Limits);
        services.AddSingleton(sp => new SignatureCache(sp.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>(), verifier, redis, cache, fingerprint, serializer));
        services.AddSingleton<CachedLicenceVerification>();
        services.AddTrustRedisHealth();
        return builder;
    }

    /// <summary>
    /// The key that authenticates L2 entries: derived from the PKI passphrase, which every node of
    /// one deployment has (it decrypts the issuer keys) and Redis never sees.
    /// </summary>
    internal static byte[] MacKey(string passphrase) =>
        HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passphrase), "trust:v1:l2-entry-mac"u8);

    /// <summary>
    /// SHA-256 (first 16 hex digits) of what decides a content check besides the licence bytes: the
    /// trust anchors, intermediates and CRLs of the PKI, the build of Trust.Core (licence
    /// catalogue and checks) and the verifier's limits (a node with lower limits must not take a
    /// "valid" remembered by a node with higher ones). Nodes with the same PKI files, build and
    /// limits share L2 entries; any change gives new keys.
    /// </summary>
    internal static string TrustFingerprint(string pkiDirectory, LicenceVerificationLimits? limits = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { Path.Combine("ca", "trust-anchors.pem"), Path.Combine("ca", "intermediates.pem"), Path.Combine("crl", "all.pem") })
        {
            var bytes = File.ReadAllBytes(Path.Combine(pkiDirectory, file));
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        hash.AppendData(typeof(LicenceVerifier).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        limits ??= LicenceVerificationLimits.Default;
        hash.AppendData(System.Text.Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"limits:{limits.MaxInputBytes}:{limits.MaxChainCertificates}:{limits.MaxNestingDepth}")));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
