using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Core.Status;
using Trust.Grpc.Caching;
using Trust.Grpc.Hosting;
using Trust.Storage;
using Xunit.Abstractions;

namespace Trust.Grpc.Tests.Caching;

/// <summary>
/// The L1 under HybridCache counts entries and never holds more than <c>Trust:Cache:L1MaxEntries</c>, with real
/// content checks of real licences (a development PKI and store made by the server's own bootstrap).
/// </summary>
public sealed class BoundedL1CacheTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Licences = 600;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "trust-l1-" + Guid.NewGuid().ToString("N"));
    private readonly List<byte[]> _licences = [];
    private LicenceVerifier _verifier = null!;

    public async Task InitializeAsync()
    {
        var options = new TrustServerOptions { Pki = Path.Combine(_directory, "pki"), PkiDepartments = 1, PkiSeals = 0 };
        var boot = TrustBootstrap.Prepare(options, new ConfigurationBuilder().Build(), TextWriter.Null);
        await using var store = await TrustStores.OpenAsync(boot.StoreSpec);
        using var issuers = new DepartmentIssuers(boot.PkiDirectory, boot.Manifest, DevelopmentPki.ResolvePassphrase(), store);
        var type = LicenceCatalog.Default.Get("BL");
        for (var i = 0; i < Licences; i++)
        {
            var licence = await issuers.IssueAsync(boot.Manifest.Departments[0].Code, new LicenceIssueRequest(type.Code, type.ExampleHolderId, type.ExampleFields()[LicenceType.HolderNameField], type.ExampleFields()), default);
            _licences.Add(licence!.Encoded.ToArray());
        }

        _verifier = new LicenceVerifier(boot.Validator, new StoreStatusSource(store));
    }

    public Task DisposeAsync()
    {
        global::Trust.Tests.Shared.ServerChildProcess.DeleteFolder(_directory);
        return Task.CompletedTask;
    }

    private static (ServiceProvider Services, HybridCache Cache, BoundedL1Cache L1) HybridOver(long maxEntries)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMemoryCache>(_ => new BoundedL1Cache(maxEntries));
        services.AddHybridCache().AddSerializer<CachedContent?>(new CachedContentSerializer(CachingExtensions.MacKey("test")));
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<HybridCache>(), (BoundedL1Cache)provider.GetRequiredService<IMemoryCache>());
    }

    private async Task<CachedContent?> RememberAsync(HybridCache cache, byte[] licence)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(licence);
        var key = SignatureCache.KeyFor(licence, "0123456789abcdef", 1, new byte[32]);
        return await cache.GetOrCreateAsync<CachedContent?>(key, _ => ValueTask.FromResult<CachedContent?>(new CachedContent(hash, _verifier.CheckContent(licence))),
            new HybridCacheEntryOptions { LocalCacheExpiration = TimeSpan.FromHours(1) });
    }

    [Fact]
    public async Task HybridCache_over_a_tiny_L1_never_holds_more_than_the_limit_and_still_answers_right()
    {
        var (services, cache, l1) = HybridOver(50);
        await using var _ = services;
        var peak = 0;
        foreach (var licence in _licences)
        {
            var entry = await RememberAsync(cache, licence);
            Assert.Equal(LicenceVerdict.Valid, entry!.Check.Verdict);
            peak = Math.Max(peak, l1.Count);
        }

        Assert.InRange(peak, 1, 50);

        // Evicted or not, every licence still gets its own, right answer.
        foreach (var licence in _licences)
        {
            var entry = await RememberAsync(cache, licence);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(licence), entry!.BytesHash);
            Assert.Equal(LicenceVerdict.Valid, entry.Check.Verdict);
            Assert.InRange(l1.Count, 0, 50);
        }
    }

    [Fact]
    public void Entries_count_one_whatever_size_their_creator_sets()
    {
        using var l1 = new BoundedL1Cache(3);
        for (var i = 0; i < 10; i++)
        {
            using var entry = l1.CreateEntry("k" + i);
            entry.Size = 1_000_000;
            entry.Value = i;
        }

        Assert.InRange(l1.Count, 1, 3);
        Assert.True(l1.TryGetValue("k0", out var first));
        Assert.Equal(0, first);
    }

    [Fact]
    public void The_entry_count_is_published_as_a_gauge_on_the_Trust_meter()
    {
        const long limit = 7;
        using var l1 = BoundedL1Cache.CreateObserved(limit);
        for (var i = 0; i < 30; i++)
        {
            l1.Set("k" + i, i);
        }

        var seen = new List<long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.TrustMetrics.Name && instrument.Name == BoundedL1Cache.EntriesGauge)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "trust.cache.l1.limit" && Equals(tag.Value, limit))
                {
                    seen.Add(value);
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        var count = Assert.Single(seen);
        Assert.InRange(count, 1, limit);
    }

    [Fact]
    public async Task Memory_per_L1_entry_is_measured()
    {
        var (services, cache, l1) = HybridOver(1_000_000);
        await using var _ = services;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var licence in _licences)
        {
            await RememberAsync(cache, licence);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(Licences, l1.Count);
        output.WriteLine($"L1: {(after - before) / Licences} bytes per entry (fresh content checks of {_licences.Average(l => l.Length):F0}-byte licences, {Licences} entries)");
        GC.KeepAlive(cache);
    }
}
